// The boxes of a watched saga's map. ELK needs their sizes before anything is on the screen, so
// they are worked out from the text, and the graph draws every box at exactly the size given
// here (step labels in a monospaced font, whose width is then its length in characters; the
// service boxes wrap their text). And the checks the tests make on a laid-out map: which boxes
// overlap, and whether a line runs through a box.
import type { NodeModel } from "../graphModel";
import type { StepModel } from "../sagaMap";

const SERVICE_WIDTH = 220;
/** Step labels (12 px, layered.module.css): DejaVu Sans Mono or Menlo is 7.2 px a character; 7.6 leaves slack. */
const STEP_CHAR_PX = 7.6;
const STEP_PAD_X = 9;
const STEP_HEIGHT = 24;

// Service boxes: 10 px padding and a 2 px border each side; title 15.2 px bold, the rest 12.8 px.
const SERVICE_TEXT_PX = SERVICE_WIDTH - 2 * 10 - 2 * 2;
const TITLE_LINE = 20;
const TITLE_CHAR = 9.2;
const STATE_LINE = 22;
const FACT_LINE = 17;
const FACT_CHAR = 7.8;

export type Size = { width: number; height: number };

const lines = (text: string, perLine: number) => Math.max(1, Math.ceil(text.length / Math.max(1, Math.floor(perLine))));

export function serviceSize(n: NodeModel): Size {
  const title = lines(n.title, SERVICE_TEXT_PX / TITLE_CHAR) * TITLE_LINE;
  const state = lines(n.state, SERVICE_TEXT_PX / FACT_CHAR) * STATE_LINE;
  // A fact is its name and its value side by side; a long value wraps in its column.
  const facts = n.facts.reduce(
    (h, f) => h + lines(f.value, (SERVICE_TEXT_PX - 8 - f.label.length * FACT_CHAR) / FACT_CHAR) * FACT_LINE,
    0,
  );
  return { width: SERVICE_WIDTH, height: Math.max(72, 2 * 10 + 2 * 2 + title + state + facts + 4) };
}

export function stepSize(s: StepModel): Size {
  const chars = Math.max(s.sizeLabel.length, s.label.length);
  return { width: Math.ceil(chars * STEP_CHAR_PX) + 2 * STEP_PAD_X, height: STEP_HEIGHT };
}

export type Rect = { x: number; y: number; width: number; height: number };

export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Every pair of boxes that overlap. */
export function overlapping<T extends Rect>(boxes: T[]): [T, T][] {
  return boxes.flatMap((a, i) =>
    boxes
      .slice(i + 1)
      .filter((b) => overlaps(a, b))
      .map((b): [T, T] => [a, b]),
  );
}

/** Whether the polyline enters the inside of the box (touching its border does not count). */
export function pathCrosses(points: { x: number; y: number }[], box: Rect, inset = 1): boolean {
  const inner = { x: box.x + inset, y: box.y + inset, width: box.width - 2 * inset, height: box.height - 2 * inset };
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    const steps = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / 2));
    for (let k = 0; k <= steps; k++) {
      const p = { x: a.x + ((b.x - a.x) * k) / steps, y: a.y + ((b.y - a.y) * k) / steps };
      if (p.x > inner.x && p.x < inner.x + inner.width && p.y > inner.y && p.y < inner.y + inner.height) return true;
    }
  }
  return false;
}

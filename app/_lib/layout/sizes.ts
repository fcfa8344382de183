// How big each box of a watched saga's map is drawn. ELK needs the sizes before anything is on
// the screen, so they are worked out from the text, and the graph draws every box at exactly
// the size given here (the text inside is set in a monospaced font for the step labels, whose
// width is then its length in characters, and wraps inside the service boxes).
import type { NodeModel } from "../graphModel";
import type { StepModel } from "../sagaMap";

export const SERVICE_WIDTH = 220;
/** Step labels: 12 px DejaVu Sans Mono / Menlo is 7.2 px per character; 7.6 leaves slack for others. */
export const STEP_FONT_PX = 12;
const STEP_CHAR_PX = 7.6;
const STEP_PAD_X = 9;
export const STEP_HEIGHT = 24;

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
  const facts = n.facts.reduce((h, f) => h + lines(f.value, (SERVICE_TEXT_PX - 8 - f.label.length * FACT_CHAR) / FACT_CHAR) * FACT_LINE, 0);
  return { width: SERVICE_WIDTH, height: Math.max(72, 2 * 10 + 2 * 2 + title + state + facts + 4) };
}

export function stepSize(s: StepModel): Size {
  const chars = Math.max(s.sizeLabel.length, s.label.length);
  return { width: Math.ceil(chars * STEP_CHAR_PX) + 2 * STEP_PAD_X, height: STEP_HEIGHT };
}

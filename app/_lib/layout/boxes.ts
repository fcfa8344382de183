// Geometry checks on a laid-out map: which boxes overlap, and whether a line runs through a box.
// Used by the layout's unit tests; the e2e test measures the same on the page.
export type Rect = { x: number; y: number; width: number; height: number };

export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Every pair of boxes that overlap. */
export function overlapping<T extends Rect>(boxes: T[]): [T, T][] {
  return boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => overlaps(a, b)).map((b): [T, T] => [a, b]));
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

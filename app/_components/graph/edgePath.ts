// Geometry of a saga edge: a quadratic curve between two node centres, bent sideways by `bend`
// (a fraction of its length) and clipped to the node boxes so arrowheads stay visible; the
// label sits at `labelAt` along the curve.
import { NODE_SIZE } from "../../_lib/topology";

type P = { x: number; y: number };

function clipToBox(center: P, toward: P, margin = 6): P {
  const dx = toward.x - center.x;
  const dy = toward.y - center.y;
  if (dx === 0 && dy === 0) return center;
  const hw = NODE_SIZE.width / 2 + margin;
  const hh = NODE_SIZE.height / 2 + margin;
  const t = Math.min(dx === 0 ? Infinity : hw / Math.abs(dx), dy === 0 ? Infinity : hh / Math.abs(dy));
  return { x: center.x + dx * t, y: center.y + dy * t };
}

export function edgeGeometry(s: P, t: P, bend: number, labelAt = 0.5): { path: string; label: P } {
  const dx = t.x - s.x;
  const dy = t.y - s.y;
  const len = Math.hypot(dx, dy) || 1;
  const c = { x: (s.x + t.x) / 2 + (-dy / len) * bend * len, y: (s.y + t.y) / 2 + (dx / len) * bend * len };
  const a = clipToBox(s, c);
  const b = clipToBox(t, c);
  const [wa, wc, wb] = [(1 - labelAt) ** 2, 2 * labelAt * (1 - labelAt), labelAt ** 2];
  const label = { x: wa * a.x + wc * c.x + wb * b.x, y: wa * a.y + wc * c.y + wb * b.y };
  return { path: `M ${a.x} ${a.y} Q ${c.x} ${c.y} ${b.x} ${b.y}`, label };
}

/** A path through `points` (an orthogonal route), its corners rounded with radius `r` at most. */
export function roundedPolyline(points: P[], r: number): string {
  let d = `M ${points[0].x} ${points[0].y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [a, b, c] = [points[i - 1], points[i], points[i + 1]];
    const inLen = Math.hypot(b.x - a.x, b.y - a.y);
    const outLen = Math.hypot(c.x - b.x, c.y - b.y);
    const k = Math.min(r, inLen / 2, outLen / 2);
    const p = inLen ? { x: b.x - ((b.x - a.x) / inLen) * k, y: b.y - ((b.y - a.y) / inLen) * k } : b;
    const q = outLen ? { x: b.x + ((c.x - b.x) / outLen) * k, y: b.y + ((c.y - b.y) / outLen) * k } : b;
    d += ` L ${p.x} ${p.y} Q ${b.x} ${b.y} ${q.x} ${q.y}`;
  }
  const last = points[points.length - 1];
  return `${d} L ${last.x} ${last.y}`;
}

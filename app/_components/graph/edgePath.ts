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

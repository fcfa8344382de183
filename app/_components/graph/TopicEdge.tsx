"use client";
// A topic on the saga graph. Forward steps are solid blue; failures (amber) and compensations
// (purple) are dashed and run backwards. On the live map a dot runs along the edge each time a
// batch carried that topic; in a journey, untaken edges are greyed.
import { BaseEdge, EdgeLabelRenderer, type Edge, type EdgeProps } from "@xyflow/react";
import { useEffect, useRef } from "react";
import type { EdgeModel } from "../../_lib/graphModel";
import { edgeGeometry } from "./edgePath";

export type TopicEdgeType = Edge<{ model: EdgeModel; pulse: number }, "topic">;

export const EDGE_COLOR = {
  forward: "#2563eb",
  failure: "#b45309",
  compensation: "#a21caf",
  untaken: "#cbd5e1",
} as const;

export function edgeColor(m: EdgeModel): string {
  return m.taken === false ? EDGE_COLOR.untaken : (m.color ?? EDGE_COLOR[m.kind]);
}

/** A dot that runs along the edge once. SMIL animations inserted after page load must be started by hand. */
export function Pulse({ path, color }: { path: string; color: string }) {
  const ref = useRef<SVGCircleElement>(null);
  useEffect(() => {
    ref.current?.querySelectorAll<SVGAnimationElement>("animate, animateMotion").forEach((a) => a.beginElement());
  }, []);
  return (
    <circle ref={ref} r={5} fill={color} opacity={0} aria-hidden="true">
      <animateMotion begin="indefinite" dur="0.7s" path={path} fill="freeze" />
      <animate attributeName="opacity" begin="indefinite" values="1;1;0" dur="0.7s" fill="freeze" />
    </circle>
  );
}

export function TopicEdge({ sourceX, sourceY, targetX, targetY, data, markerEnd }: EdgeProps<TopicEdgeType>) {
  if (!data) return null;
  const m = data.model;
  const { path, label } = edgeGeometry({ x: sourceX, y: sourceY }, { x: targetX, y: targetY }, m.bend, m.labelAt);
  const color = edgeColor(m);
  const dash = m.inferred ? "2 5" : m.kind !== "forward" ? "8 6" : undefined;
  return (
    <>
      {m.selected && (
        <path
          d={path}
          fill="none"
          stroke="#facc15"
          strokeWidth={m.width + 10}
          strokeLinecap="round"
          opacity={0.55}
          aria-hidden="true"
        />
      )}
      <BaseEdge
        path={path}
        markerEnd={markerEnd}
        style={{ stroke: color, strokeWidth: m.width, strokeDasharray: dash, opacity: m.taken === false ? 0.6 : 1 }}
      />
      {data.pulse > 0 && <Pulse key={data.pulse} path={path} color={color} />}
      <EdgeLabelRenderer>
        <div
          className={`edge-label ${m.taken === false ? "untaken" : m.kind}${m.selected ? " selected" : ""}`}
          style={{
            transform: `translate(-50%, -50%) translate(${label.x}px, ${label.y}px)`,
            color: m.taken === false ? undefined : m.color,
          }}
          aria-hidden="true"
        >
          {m.label}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

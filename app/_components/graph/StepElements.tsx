"use client";
// A step on a watched saga's map: its label (a node, drawn where ELK put it) and its lines, along
// the routes ELK worked out: from the publisher to the label, and from the label to each consumer
// (with the arrowhead). Failures and compensations dashed in their colours, a step an instance
// did not take greyed; a consumer inferred from the consumer groups is reached by a dotted line.
import { BaseEdge, Handle, Position, type Edge, type EdgeProps, type Node, type NodeProps } from "@xyflow/react";
import type { Point } from "../../_lib/layout/sagaLayout";
import type { StepModel } from "../../_lib/sagaMap";
import { roundedPolyline } from "./edgePath";
import styles from "./layered.module.css";
import { EDGE_COLOR, Pulse } from "./TopicEdge";

export type StepNodeType = Node<{ step: StepModel }, "step">;
/** `pulse`: a dot runs along the line each time it goes up (live map: a push carried the step's records). */
export type RoutedEdgeType = Edge<{ step: StepModel; role: "in" | "out"; points: Point[]; pulse?: number }, "routed">;

const hidden = {
  top: "50%",
  left: "50%",
  opacity: 0,
  width: 1,
  height: 1,
  minWidth: 0,
  minHeight: 0,
  border: 0,
} as const;

function stepClass(s: StepModel): string {
  const tone = s.taken === false ? styles.untaken : s.kind === "forward" ? "" : styles[s.kind];
  return [styles.step, tone, s.taken ? styles.taken : ""].filter(Boolean).join(" ");
}

export function StepNode({ data }: NodeProps<StepNodeType>) {
  const s = data.step;
  return (
    <div className={stepClass(s)} title={`${s.id} on ${s.topic}`}>
      <Handle type="target" position={Position.Left} style={hidden} isConnectable={false} />
      {s.label}
      <Handle type="source" position={Position.Right} style={hidden} isConnectable={false} />
    </div>
  );
}

export function stepColor(s: StepModel): string {
  return s.taken === false ? EDGE_COLOR.untaken : EDGE_COLOR[s.kind];
}

export function RoutedEdge({ data, markerEnd }: EdgeProps<RoutedEdgeType>) {
  if (!data || data.points.length < 2) return null;
  const s = data.step;
  const dash = data.role === "out" && s.inferred ? "2 5" : s.kind !== "forward" ? "8 6" : undefined;
  const path = roundedPolyline(data.points, 8);
  return (
    <>
      <BaseEdge
        path={path}
        markerEnd={data.role === "out" ? markerEnd : undefined}
        style={{
          stroke: stepColor(s),
          strokeWidth: s.width,
          strokeDasharray: dash,
          opacity: s.taken === false ? 0.6 : 1,
        }}
      />
      {!!data.pulse && <Pulse key={data.pulse} path={path} color={stepColor(s)} />}
    </>
  );
}

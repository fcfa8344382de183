"use client";
// One line of a watched saga's map along the route ELK worked out: from a publisher to its
// step's label, or from the label to one consumer (with the arrowhead). Coloured and dashed by
// the step's kind; a consumer inferred from the consumer groups is reached by a dotted line.
import { BaseEdge, type Edge, type EdgeProps } from "@xyflow/react";
import type { Point } from "../../_lib/layout/sagaLayout";
import type { StepModel } from "../../_lib/sagaMap";
import { roundedPolyline } from "./edgePath";
import { EDGE_COLOR } from "./TopicEdge";

export type RoutedEdgeType = Edge<{ step: StepModel; role: "in" | "out"; points: Point[] }, "routed">;

export function stepColor(s: StepModel): string {
  return s.taken === false ? EDGE_COLOR.untaken : EDGE_COLOR[s.kind];
}

export function RoutedEdge({ data, markerEnd }: EdgeProps<RoutedEdgeType>) {
  if (!data || data.points.length < 2) return null;
  const s = data.step;
  const dash = data.role === "out" && s.inferred ? "2 5" : s.kind !== "forward" ? "8 6" : undefined;
  return (
    <BaseEdge
      path={roundedPolyline(data.points, 8)}
      markerEnd={data.role === "out" ? markerEnd : undefined}
      style={{ stroke: stepColor(s), strokeWidth: s.width, strokeDasharray: dash, opacity: s.taken === false ? 0.6 : 1 }}
    />
  );
}

"use client";
// A step on a watched saga's map: its label, drawn where ELK put it, between the line from its
// publisher and the lines to its consumers. Failures and compensations dashed in their colours,
// a step an instance did not take greyed.
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import type { StepModel } from "../../_lib/sagaMap";
import styles from "./layered.module.css";

export type StepNodeType = Node<{ step: StepModel }, "step">;

const hidden = { top: "50%", left: "50%", opacity: 0, width: 1, height: 1, minWidth: 0, minHeight: 0, border: 0 } as const;

export function stepClass(s: StepModel): string {
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

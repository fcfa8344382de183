"use client";
// A service (or the external platform) on the saga graph: its state in words and its counts.
// Edges attach to an invisible handle in the middle; edgePath clips them to the box.
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import type { NodeModel } from "../../_lib/graphModel";

export type ServiceNodeType = Node<{ model: NodeModel }, "service">;

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

export function ServiceNode({ data }: NodeProps<ServiceNodeType>) {
  const m = data.model;
  return (
    <div className={`svc-node tone-${m.tone}`}>
      <Handle type="target" position={Position.Top} style={hidden} isConnectable={false} />
      <div className="title">{m.title}</div>
      <div className="state">{m.state}</div>
      {m.facts.length > 0 && (
        <dl>
          {m.facts.map((f) => (
            <div key={f.label} style={{ display: "contents" }}>
              <dt>{f.label}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
        </dl>
      )}
      <Handle type="source" position={Position.Bottom} style={hidden} isConnectable={false} />
    </div>
  );
}

"use client";
// The saga graph (React Flow): service nodes at fixed places (each mode has its layout), one
// edge per topic or, in orchestration, per command and reply. The live map and the order
// journey pass different models; the graph itself only draws them.
import {
  Background,
  Controls,
  MarkerType,
  Position,
  ReactFlow,
  type EdgeTypes,
  type NodeChange,
  type NodeHandle,
  type NodeTypes,
} from "@xyflow/react";
import { useCallback, useMemo, useState } from "react";
import type { EdgeModel, NodeModel } from "../../_lib/graphModel";
import type { SagaMode } from "../../../contracts/topics";
import { NODE_POSITIONS } from "../../_lib/topology";
import { ServiceNode, type ServiceNodeType } from "./ServiceNode";
import { edgeColor, TopicEdge, type TopicEdgeType } from "./TopicEdge";

const nodeTypes: NodeTypes = { service: ServiceNode };
const edgeTypes: EdgeTypes = { topic: TopicEdge };

type Size = { width: number; height: number };

/** ServiceNode's two invisible handles sit in the middle of the box; edgePath clips the edges to it. */
function middleHandles(size: Size | undefined): NodeHandle[] | undefined {
  if (!size) return undefined;
  const at = { x: size.width / 2 - 0.5, y: size.height / 2 - 0.5, width: 1, height: 1 };
  return [
    { ...at, type: "target", position: Position.Top },
    { ...at, type: "source", position: Position.Bottom },
  ];
}

type Point = { x: number; y: number };
/** The built-in saga's graph; a watched saga's map is LayeredSagaGraph. */
type Props = {
  nodes: NodeModel[];
  edges: EdgeModel[];
  pulses?: Partial<Record<string, number>>;
  label: string;
  mode?: SagaMode;
};

export function SagaGraph({ nodes, edges, pulses, label, mode = "choreography" }: Props) {
  // The flow is controlled: React Flow hides a node it has no size for, and a new node object
  // (every live update makes one) carries only the size given back here. Without it a node
  // measured once stayed hidden after an update, since its size never changed again. Handles are
  // given too: React Flow drops the handles it measured whenever a node object arrives without a
  // size, and an edge between nodes with no handles is not drawn at all (a CI run lost one so).
  const [sizes, setSizes] = useState<Record<string, Size>>({});
  const onNodesChange = useCallback((changes: NodeChange<ServiceNodeType>[]) => {
    const measured = changes.flatMap((c) =>
      c.type === "dimensions" && c.dimensions ? [[c.id, c.dimensions] as const] : [],
    );
    if (measured.length > 0) setSizes((s) => ({ ...s, ...Object.fromEntries(measured) }));
  }, []);
  const rfNodes = useMemo<ServiceNodeType[]>(
    () =>
      nodes.map((m) => ({
        id: m.id,
        type: "service",
        position: (NODE_POSITIONS[mode] as Record<string, Point>)[m.id],
        measured: sizes[m.id],
        handles: middleHandles(sizes[m.id]),
        data: { model: m },
        ariaLabel: m.ariaLabel,
        ariaRole: "group",
        draggable: false,
        connectable: false,
      })),
    [nodes, sizes, mode],
  );
  const rfEdges = useMemo<TopicEdgeType[]>(
    () =>
      edges.map((m) => ({
        id: m.id,
        source: m.from,
        target: m.to,
        type: "topic",
        data: { model: m, pulse: pulses?.[m.edge] ?? 0 },
        ariaLabel: m.ariaLabel,
        ariaRole: "group",
        focusable: true,
        // Markers scale with the stroke: arrowheads of 12 px + 2.5 × the edge's thickness.
        markerEnd: {
          type: MarkerType.ArrowClosed,
          color: edgeColor(m),
          width: +((12 + 2.5 * m.width) / m.width).toFixed(2),
          height: +((12 + 2.5 * m.width) / m.width).toFixed(2),
        },
      })),
    [edges, pulses],
  );
  return (
    <div className="graph" role="region" aria-label={label}>
      <ReactFlow
        nodes={rfNodes}
        onNodesChange={onNodesChange}
        edges={rfEdges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        fitView
        fitViewOptions={{ padding: 0.12 }}
        nodesConnectable={false}
        nodesDraggable={false}
        elementsSelectable={false}
        proOptions={{ hideAttribution: true }}
        minZoom={0.3}
      >
        <Background gap={24} color="#e7eaf2" />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

"use client";
// A watched saga's map (React Flow), laid out by ELK: services left to right in the order
// records flow, each step one label between its publisher and its consumers, branches in lanes
// side by side. Nothing is drawn until ELK has placed everything (no jump from a first guess);
// the view opens at a zoom where the text is readable, on the start of the flow.
import {
  Background,
  Controls,
  MarkerType,
  Position,
  ReactFlow,
  type EdgeTypes,
  type NodeHandle,
  type NodeTypes,
  type Viewport,
} from "@xyflow/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { layoutKey, layoutSagaMap, type Box, type SagaLayout } from "../../_lib/layout/sagaLayout";
import type { SagaMapModel } from "../../_lib/sagaMap";
import styles from "./layered.module.css";
import { runElk } from "./elkRunner";
import { ServiceNode, type ServiceNodeType } from "./ServiceNode";
import { RoutedEdge, stepColor, StepNode, type RoutedEdgeType, type StepNodeType } from "./StepElements";

const nodeTypes: NodeTypes = { service: ServiceNode, step: StepNode };
const edgeTypes: EdgeTypes = { routed: RoutedEdge };

/** Below this zoom the labels (12 px) get too small to read: the map is panned instead. */
const READABLE_ZOOM = 0.85;
const MIN_HEIGHT = 300;
const MAX_HEIGHT = 720;

/** The handles React Flow needs to draw an edge at all; the routes themselves come from ELK. */
function handles(b: Box): NodeHandle[] {
  const at = { x: b.width / 2 - 0.5, y: b.height / 2 - 0.5, width: 1, height: 1 };
  return [
    { ...at, type: "target", position: Position.Left },
    { ...at, type: "source", position: Position.Right },
  ];
}

/** The box's height and the first view: the whole map if it fits readably, else its start. */
export function initialView(
  layout: SagaLayout,
  boxWidth: number,
): { height: number; viewport: Viewport; wider: boolean } {
  const zoom = Math.min(1, Math.max(READABLE_ZOOM, boxWidth / layout.width));
  const height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(layout.height * zoom)));
  const z = Math.max(READABLE_ZOOM, Math.min(zoom, height / layout.height));
  const x = layout.width * z <= boxWidth ? (boxWidth - layout.width * z) / 2 : 0;
  const y = Math.max(0, (height - layout.height * z) / 2);
  return {
    height,
    viewport: { x, y, zoom: z },
    wider: layout.width * z > boxWidth + 1 || layout.height * z > height + 1,
  };
}

/** Per step id: how many times a dot ran along its lines (the live map's pushes). */
export type StepPulses = Readonly<Record<string, number>>;

function flowElements(model: SagaMapModel, layout: SagaLayout, pulses: StepPulses | undefined) {
  const nodes: (ServiceNodeType | StepNodeType)[] = [
    ...model.nodes.map((m): ServiceNodeType => {
      const b = layout.services[m.id];
      return {
        id: `svc:${m.id}`,
        type: "service",
        position: { x: b.x, y: b.y },
        width: b.width,
        height: b.height,
        handles: handles(b),
        className: styles.service,
        data: { model: m },
        ariaLabel: m.ariaLabel,
        ariaRole: "group",
        draggable: false,
        connectable: false,
      };
    }),
    ...model.steps.map((s): StepNodeType => {
      const b = layout.steps[s.id];
      return {
        id: `step:${s.id}`,
        type: "step",
        position: { x: b.x, y: b.y },
        width: b.width,
        height: b.height,
        handles: handles(b),
        data: { step: s },
        ariaLabel: s.ariaLabel,
        ariaRole: "group",
        draggable: false,
        connectable: false,
      };
    }),
  ];
  const byId = new Map(model.steps.map((s) => [s.id, s]));
  const edges = layout.edges.map((e): RoutedEdgeType => {
    const step = byId.get(e.step)!;
    const arrow = 12 + 2.5 * step.width;
    return {
      id: e.id,
      type: "routed",
      source: e.role === "in" ? `svc:${e.from}` : `step:${e.step}`,
      target: e.role === "in" ? `step:${e.step}` : `svc:${e.to}`,
      data: { step, role: e.role, points: e.points, pulse: pulses?.[e.step] ?? 0 },
      // The step's label node carries its name and meaning; its lines are only drawn.
      domAttributes: { "aria-hidden": true },
      focusable: false,
      markerEnd: {
        type: MarkerType.ArrowClosed,
        color: stepColor(step),
        width: +(arrow / step.width).toFixed(2),
        height: +(arrow / step.width).toFixed(2),
      },
    };
  });
  return { nodes, edges };
}

function Laid({
  model,
  layout,
  boxWidth,
  pulses,
}: {
  model: SagaMapModel;
  layout: SagaLayout;
  boxWidth: number;
  pulses?: StepPulses;
}) {
  const { nodes, edges } = useMemo(() => flowElements(model, layout, pulses), [model, layout, pulses]);
  // Opened once per layout: a poll that only changes counts keeps where the person panned to.
  const view = useMemo(() => initialView(layout, boxWidth), [layout, boxWidth]);
  return (
    <>
      <div style={{ height: view.height }}>
        <ReactFlow
          key={`${layout.width}x${layout.height}`}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          defaultViewport={view.viewport}
          nodesConnectable={false}
          nodesDraggable={false}
          elementsSelectable={false}
          proOptions={{ hideAttribution: true }}
          minZoom={0.2}
          maxZoom={1.5}
        >
          <Background gap={24} color="#e7eaf2" />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
      {view.wider && (
        <p className={`small muted ${styles.hint}`}>
          The map is larger than this box: drag it to follow the flow, or zoom out with the buttons.
        </p>
      )}
    </>
  );
}

type State = { key: string; layout: SagaLayout } | { key: string; error: string } | null;

function placesAll(layout: SagaLayout, model: SagaMapModel): boolean {
  return model.nodes.every((n) => layout.services[n.id]) && model.steps.every((s) => layout.steps[s.id]);
}

/**
 * The layout, worked out after the first render (in a web worker) and again only when what it
 * depends on changes (layoutKey: not the live counts). While a new one is worked out the last
 * one stays if it places every service and step of the model, so a journey that grows by a
 * record does not blink; otherwise there is no layout (null) yet.
 */
function useSagaLayout(model: SagaMapModel): { layout: SagaLayout | null; error: string | null } {
  const key = layoutKey(model);
  const [state, setState] = useState<State>(null);
  // The model as of the key: a new model object with the same key needs no new layout.
  const [keyed, setKeyed] = useState<{ key: string; model: SagaMapModel }>({ key, model });
  if (keyed.key !== key) setKeyed({ key, model });
  useEffect(() => {
    let current = true;
    layoutSagaMap(runElk, keyed.model).then(
      (layout) => current && setState({ key: keyed.key, layout }),
      (err: Error) => current && setState({ key: keyed.key, error: err.message }),
    );
    return () => {
      current = false;
    };
  }, [keyed]);
  if (!state) return { layout: null, error: null };
  if ("error" in state) return { layout: null, error: state.key === key ? state.error : null };
  return { layout: state.key === key || placesAll(state.layout, model) ? state.layout : null, error: null };
}

export function LayeredSagaGraph({
  model,
  label,
  pulses,
}: {
  model: SagaMapModel;
  label: string;
  pulses?: StepPulses;
}) {
  const { layout, error } = useSagaLayout(model);
  const ref = useRef<HTMLDivElement>(null);
  const [boxWidth, setBoxWidth] = useState(0);
  useEffect(() => setBoxWidth(ref.current?.clientWidth ?? 0), []);
  const ready = layout !== null && boxWidth > 0;
  return (
    <div
      ref={ref}
      className="graph"
      role="region"
      aria-label={label}
      aria-busy={!ready}
      style={{ height: "auto", minHeight: MIN_HEIGHT }}
    >
      {ready ? (
        <Laid model={model} layout={layout} boxWidth={boxWidth} pulses={pulses} />
      ) : (
        <p className="muted small" style={{ padding: 12 }}>
          {error ? `Could not lay out the map: ${error}` : "Laying out the map…"}
        </p>
      )}
    </div>
  );
}

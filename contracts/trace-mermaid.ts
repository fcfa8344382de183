// One order's journey as a Mermaid sequence diagram: the services and the topics are the
// participants; each step is a publish (service → topic) preceded by the delivery of its cause
// (topic → the service whose handler reacted). Failures and compensations use dotted arrows and
// a note; a dead letter ends in a cross. Every text is escaped, so nothing an order carries
// (user id, product ids, details) can end a statement or open a directive.
import type { HopKind } from "./saga-steps";
import { formatMs } from "./timings";
import type { OrderTrace, TraceStep } from "./trace";

/**
 * A message or note text (what follows a statement's colon): letters, digits and a few harmless
 * marks pass; anything else becomes a Mermaid entity code (#59; for ';'), so no text can end the
 * statement (';', a line break), start a comment or directive ('%%') or carry markup ('<').
 */
export function mermaidText(s: string): string {
  return s.replace(/[^A-Za-z0-9 .,:_()/+=@-]/gu, (c) => `#${c.codePointAt(0)};`);
}

/** A participant's id and label from a service or topic name, kept to [A-Za-z0-9_-] whatever the name. */
function participant(kind: "s" | "t", name: string): { id: string; label: string } {
  const safe = name.replace(/[^A-Za-z0-9-]/g, "_");
  const label = kind === "s" ? `${safe.charAt(0).toUpperCase()}${safe.slice(1)} service` : `topic ${safe}`;
  return { id: `${kind}_${safe.replaceAll("-", "_")}`, label };
}

const ARROW: Record<HopKind, string> = { forward: "->>", failure: "-->>", compensation: "-->>", "dead-letter": "-x" };
const NOTE: Partial<Record<HopKind, string>> = { failure: "failure", compensation: "compensation" };

const reasonWords = (reason: string | null) => (reason ? reason.toLowerCase().replaceAll("_", " ") : null);

function outcomeNote(trace: OrderTrace): string {
  const { status, reason, detail } = trace.order;
  const took = trace.totalMs === null ? "" : ` after ${formatMs(trace.totalMs)}`;
  const t = trace.totals;
  const split = trace.steps.length ? `, Kafka ${formatMs(t.kafkaWaitMs)}, handlers ${formatMs(t.handlerMs)}, outbox ${formatMs(t.outboxMs)}` : "";
  const why = status === "CANCELLED" ? ` (${reasonWords(reason) ?? "no reason given"}${detail ? `: ${detail}` : ""})` : "";
  return `${status}${why}${took}${split}`;
}

function publishText(s: TraceStep): string {
  const again = s.redeliveries ? `, delivered ${s.redeliveries + 1} times` : "";
  return `step ${s.n} ${s.topic}: handler ${formatMs(s.timing.handlerMs)}, outbox ${formatMs(s.timing.outboxMs)}${again}`;
}

export function traceToMermaid(trace: OrderTrace): string {
  const participants = new Map<string, string>();
  const use = (kind: "s" | "t", name: string) => {
    const { id, label } = participant(kind, name);
    if (!participants.has(id)) participants.set(id, label);
    return id;
  };
  const body: string[] = [];
  const line = (text: string) => body.push(`  ${text}`);

  const first = trace.steps[0]?.producer ?? "order";
  const items = trace.items.map((i) => `${i.productId} x ${i.quantity}`).join(", ");
  line(`Note over ${use("s", first)}: ${mermaidText(`Order ${trace.order.orderId}, user ${trace.order.userId}${items ? `, ${items}` : ""}`)}`);
  for (const s of trace.steps) {
    const producer = use("s", s.producer);
    const cause = s.causeStep === null ? undefined : trace.steps[s.causeStep - 1];
    if (cause) line(`${use("t", cause.topic)}${ARROW[cause.kind]}${producer}: ${mermaidText(`${cause.topic} delivered after ${formatMs(s.timing.kafkaWaitMs)} in Kafka`)}`);
    const topic = use("t", s.topic);
    const note = NOTE[s.kind];
    if (note) line(`Note over ${producer},${topic}: ${mermaidText(`${note}: ${s.topic}`)}`);
    line(`${producer}${ARROW[s.kind]}${topic}: ${mermaidText(publishText(s))}`);
  }
  line(`Note over ${use("s", "order")}: ${mermaidText(outcomeNote(trace))}`);

  const header = [
    "sequenceDiagram",
    ...[...participants].map(([id, label]) => `  participant ${id} as ${label}`),
  ];
  return `${[...header, ...body].join("\n")}\n`;
}

// One order's journey as a Mermaid sequence diagram. Choreography: the services and the topics
// are the participants; each step is a publish (service → topic) preceded by the delivery of its
// cause (topic → the service whose handler reacted). Orchestration: the orchestrator (the order
// service) and the participants; each command goes straight to its participant and each reply
// straight back, named with what it carries. Failures and compensations use dotted arrows and a
// note; a dead letter ends in a cross. Every text is escaped, so nothing an order carries (user
// id, product ids, details) can end a statement or open a directive.
import type { HopKind } from "./saga-steps";
import { formatMs } from "./timings";
import type { OrderTrace, TraceStep } from "./trace";
import type { ServiceName, TopicName } from "./topics";

/** Orchestration's messages and who reads them: commands their participant, replies the orchestrator. */
const RECIPIENT: Partial<Record<TopicName, ServiceName>> = {
  "stock-command": "stock",
  "balance-command": "balance",
  "notification-command": "notification",
  "saga-reply": "order",
};

/**
 * A message or note text (what follows a statement's colon): letters, digits and a few harmless
 * marks pass; anything else becomes a Mermaid entity code (#59; for ';'), so no text can end the
 * statement (';', a line break), start a comment or directive ('%%') or carry markup ('<').
 */
export function mermaidText(s: string): string {
  return s.replace(/[^A-Za-z0-9 .,:_()/+=@-]/gu, (c) => `#${c.codePointAt(0)};`);
}

/** A participant's id and label from a service or topic name, kept to [A-Za-z0-9_-] whatever the name. */
function participant(kind: "s" | "t", name: string, orchestrated: boolean): { id: string; label: string } {
  const safe = name.replace(/[^A-Za-z0-9-]/g, "_");
  const service =
    orchestrated && safe === "order"
      ? "Orchestrator (order service)"
      : `${safe.charAt(0).toUpperCase()}${safe.slice(1)} service`;
  return { id: `${kind}_${safe.replaceAll("-", "_")}`, label: kind === "s" ? service : `topic ${safe}` };
}

const ARROW: Record<HopKind, string> = { forward: "->>", failure: "-->>", compensation: "-->>", "dead-letter": "-x" };
const NOTE: Partial<Record<HopKind, string>> = { failure: "failure", compensation: "compensation" };

const reasonWords = (reason: string | null) => (reason ? reason.toLowerCase().replaceAll("_", " ") : null);

function outcomeNote(trace: OrderTrace): string {
  const { status, reason, detail } = trace.order;
  const took = trace.totalMs === null ? "" : ` after ${formatMs(trace.totalMs)}`;
  const t = trace.totals;
  const split = trace.steps.length
    ? `, Kafka ${formatMs(t.kafkaWaitMs)}, handlers ${formatMs(t.handlerMs)}, outbox ${formatMs(t.outboxMs)}`
    : "";
  const why =
    status === "CANCELLED" ? ` (${reasonWords(reason) ?? "no reason given"}${detail ? `: ${detail}` : ""})` : "";
  return `${status}${why}${took}${split}`;
}

function publishText(s: TraceStep, kafkaWaitMs?: number | null): string {
  const again = s.redeliveries ? `, delivered ${s.redeliveries + 1} times` : "";
  const wait = kafkaWaitMs === undefined ? "" : `, then ${formatMs(kafkaWaitMs)} in Kafka`;
  return `step ${s.n} ${s.name}: handler ${formatMs(s.timing.handlerMs)}, outbox ${formatMs(s.timing.outboxMs)}${wait}${again}`;
}

export function traceToMermaid(trace: OrderTrace): string {
  const participants = new Map<string, string>();
  const orchestrated = trace.order.mode === "orchestration";
  const use = (kind: "s" | "t", name: string) => {
    const { id, label } = participant(kind, name, orchestrated);
    if (!participants.has(id)) participants.set(id, label);
    return id;
  };
  const body: string[] = [];
  const line = (text: string) => body.push(`  ${text}`);

  const first = trace.steps[0]?.producer ?? "order";
  const items = trace.items.map((i) => `${i.productId} x ${i.quantity}`).join(", ");
  line(
    `Note over ${use("s", first)}: ${mermaidText(`Order ${trace.order.orderId}, user ${trace.order.userId}${items ? `, ${items}` : ""}`)}`,
  );
  let swept = false;
  for (const s of trace.steps) {
    const producer = use("s", s.producer);
    const recipient = RECIPIENT[s.topic];
    if (recipient) {
      // A message between two services: its Kafka wait is the one of the first step it caused.
      const to = use("s", recipient);
      const effect = trace.steps.find((x) => x.causeStep === s.n);
      const note = NOTE[s.kind];
      if (s.causeStep === null && s.n > 1 && !swept) {
        swept = true;
        line(`Note over ${producer}: ${mermaidText("sent by the time-out, without a reply before it")}`);
      }
      if (note) line(`Note over ${producer},${to}: ${mermaidText(`${note}: ${s.name}`)}`);
      line(
        `${producer}${ARROW[s.kind]}${to}: ${mermaidText(publishText(s, effect ? effect.timing.kafkaWaitMs : undefined))}`,
      );
      continue;
    }
    const cause = s.causeStep === null ? undefined : trace.steps[s.causeStep - 1];
    if (cause && !RECIPIENT[cause.topic])
      line(
        `${use("t", cause.topic)}${ARROW[cause.kind]}${producer}: ${mermaidText(`${cause.topic} delivered after ${formatMs(s.timing.kafkaWaitMs)} in Kafka`)}`,
      );
    const topic = use("t", s.topic);
    const note = NOTE[s.kind];
    if (note) line(`Note over ${producer},${topic}: ${mermaidText(`${note}: ${s.topic}`)}`);
    line(`${producer}${ARROW[s.kind]}${topic}: ${mermaidText(publishText(s))}`);
  }
  line(`Note over ${use("s", "order")}: ${mermaidText(outcomeNote(trace))}`);

  const header = ["sequenceDiagram", ...[...participants].map(([id, label]) => `  participant ${id} as ${label}`)];
  return `${[...header, ...body].join("\n")}\n`;
}

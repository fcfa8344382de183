// The names a proposal gives: step ids and the saga's name in kebab-case (the definition's
// rules), a step's kind and ending guessed from its name, and the service that publishes it:
// a header or field naming the producer, else the topic's stem. Pure.
import type { SagaEnding, StepKind } from "../../../../contracts/sagas";
import { splitField, type FieldedRecord, type FieldId } from "./fields";

/** `TransferRequested`, `stock_decrease.FAIL` → `transfer-requested`, `stock-decrease-fail`. */
export function kebab(text: string, max = 100): string {
  const k = text
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, max)
    .replace(/-+$/, "");
  return k;
}

/** What every topic name begins with, cut after its last separator (`t42.orders`, `t42.payments` → `t42.`). */
export function commonPrefix(topics: readonly string[]): string {
  if (topics.length < 2) return "";
  let p = topics[0]!;
  for (const t of topics) while (!t.startsWith(p)) p = p.slice(0, -1);
  const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("-"), p.lastIndexOf("_"));
  return cut < 0 ? "" : p.slice(0, cut + 1);
}

/** The first word of a topic's name after the prefix: `payment-orders` → `payment`. */
export function topicStem(topic: string, prefix: string): string {
  const rest = topic.slice(prefix.length);
  return kebab(rest.split(/[._-]/).find((w) => w.length > 0) ?? rest) || "service";
}

export function sagaName(topics: readonly string[]): string {
  const prefix = kebab(commonPrefix(topics), 50);
  const base = prefix || topicStem(topics[0] ?? "", "");
  return /^[a-z0-9]/.test(base) ? `${base}-saga` : "discovered-saga";
}

const COMPENSATION = /compensat|rollback|roll-back|refund|restor|releas|revert|undo/i;
const FAILURE = /fail|cancel|reject|declin|refus|insufficient|error|abort/i;

export function kindOf(name: string): StepKind {
  return COMPENSATION.test(name) ? "compensation" : FAILURE.test(name) ? "failure" : "forward";
}

export const endingOf = (name: string): SagaEnding => (kindOf(name) === "forward" ? "COMPLETED" : "CANCELLED");

const PRODUCER = /^(x-)?(producer|source|service|origin|sender|app|application|publisher)$/i;

/** The value a producer-like header or top-level field has on nearly every record, kebab-cased; or null. */
export function producerOf(records: readonly FieldedRecord[], skip: ReadonlySet<FieldId>): string | null {
  const counts = new Map<FieldId, Map<string, number>>();
  for (const r of records)
    for (const [id, v] of r.fields) {
      const { source, name } = splitField(id);
      if (source === "key" || skip.has(id) || name.includes(".") || !PRODUCER.test(name)) continue;
      const m = counts.get(id) ?? new Map<string, number>();
      counts.set(id, m.set(v, (m.get(v) ?? 0) + 1));
    }
  for (const values of counts.values()) {
    const [top] = [...values].sort((a, b) => b[1] - a[1]);
    if (top && top[1] >= 0.9 * records.length && kebab(top[0])) return kebab(top[0]);
  }
  return null;
}

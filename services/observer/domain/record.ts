// What the observer makes of one Kafka record of a watched topic: its value read as JSON (or
// not), its instance id by the saga's correlation, and the step it is. Pure.
import { storableText, toStorableText } from "../../../contracts";
import type { Correlation, SagaDefinition, StepDefinition } from "../../../contracts/sagas";

export type RawRecord = {
  topic: string;
  partition: number;
  offset: string;
  /** Kafka timestamp, ms since the epoch. */
  timestamp: number;
  key: string | null;
  headers: Record<string, string>;
  value: Uint8Array | null;
};

export type Limits = { maxValueBytes: number; maxIdLength: number };

/** Headers kept per record: a watched service's headers are anyone's, so they are bounded too. */
export const HEADER_LIMITS = { count: 64, nameLength: 256, valueLength: 4096 };

/** A record as stored: `instanceId` null when uncorrelated, `step` null when unmatched. */
export type ObservedRecord = {
  topic: string;
  partition: number;
  offset: string;
  at: Date;
  key: string | null;
  headers: Record<string, string>;
  instanceId: string | null;
  step: StepDefinition | null;
  /** Parsed JSON, or the text when not JSON; null above maxValueBytes. */
  value: unknown;
  notJson: boolean;
  truncated: boolean;
  size: number;
};

const utf8 = new TextDecoder("utf-8", { fatal: false });

/** The value at a dot path (`trip.id`, `items.0.sku`), or undefined. */
export function readPath(value: unknown, path: string): unknown {
  let at: unknown = value;
  for (const part of path.split(".")) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The instance id, or null when it cannot be read (no header, no key, not JSON, no such path, not text). */
export function correlationId(c: Correlation, r: Pick<RawRecord, "key" | "headers">, json: unknown | undefined, limits: Limits): string | null {
  let v: unknown;
  if (c.header !== undefined) v = r.headers[c.header];
  else if (c.key) v = r.key;
  else v = json === undefined ? undefined : readPath(json, c.path!);
  if (typeof v === "number" && Number.isFinite(v)) v = String(v);
  if (typeof v !== "string" || v.length === 0 || v.length > limits.maxIdLength || !storableText(v)) return null;
  return v;
}

function matches(step: StepDefinition, headers: Record<string, string>, json: unknown | undefined): boolean {
  const m = step.match;
  if (!m) return true;
  if (m.header !== undefined) return headers[m.header] === String(m.equals);
  return json !== undefined && readPath(json, m.path!) === m.equals;
}

/** The first step of the topic whose match holds (definition order), or null. */
export function matchStep(steps: readonly StepDefinition[], topic: string, headers: Record<string, string>, json: unknown | undefined): StepDefinition | null {
  return steps.find((s) => s.topic === topic && matches(s, headers, json)) ?? null;
}

/** Text jsonb can hold: the parsed value when its text is storable, else the text made storable. */
function storable(text: string, parsed: unknown): unknown {
  return storableText(text) && !text.includes("\\u0000") ? parsed : toStorableText(text);
}

/** The headers that fit the limits, as storable text; the rest are left out. */
export function keptHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  for (const [name, value] of Object.entries(headers)) {
    if (n >= HEADER_LIMITS.count) break;
    if (name.length > HEADER_LIMITS.nameLength || value.length > HEADER_LIMITS.valueLength) continue;
    out[toStorableText(name)] = toStorableText(value);
    n++;
  }
  return out;
}

export function observeRecord(saga: Pick<SagaDefinition, "correlation" | "steps">, r: RawRecord, limits: Limits): ObservedRecord {
  const size = r.value?.byteLength ?? 0;
  const text = r.value ? utf8.decode(r.value) : null;
  const parsed = text === null ? ({ ok: false } as const) : parseJson(text);
  const json = parsed.ok ? parsed.value : undefined;
  const instanceId = correlationId(saga.correlation, r, json, limits);
  const truncated = size > limits.maxValueBytes;
  let value: unknown = null;
  if (!truncated && text !== null) value = parsed.ok ? storable(text, json) : toStorableText(text);
  return {
    topic: r.topic,
    partition: r.partition,
    offset: r.offset,
    at: new Date(r.timestamp),
    key: r.key === null ? null : toStorableText(r.key).slice(0, limits.maxIdLength),
    headers: keptHeaders(r.headers),
    instanceId,
    step: instanceId === null ? null : matchStep(saga.steps, r.topic, r.headers, json),
    value,
    notJson: !parsed.ok,
    truncated,
    size,
  };
}

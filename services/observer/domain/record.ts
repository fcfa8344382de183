// What the observer makes of one Kafka record of a watched topic: its value read as JSON (or
// not, or decoded through the schema registry before), its key decoded, its instance id by the
// saga's correlation, and the step it is. Pure.
import { storableText, toStorableText } from "../../../contracts";
import { keyDecoding, type Correlation, type SagaDefinition, type StepDefinition } from "../../../contracts/sagas";
import { decodeKey, shownKey } from "./keys";
import { matchHolds, readPath, type MatchInput, type MatchTally } from "./match";

export { readPath } from "./match";

export type RawRecord = {
  topic: string;
  partition: number;
  offset: string;
  /** Kafka timestamp, ms since the epoch. */
  timestamp: number;
  key: Uint8Array | null;
  headers: Record<string, string>;
  value: Uint8Array | null;
};

/** A value the schema registry decoded (attach.md, "Values that are not plain JSON"), or could not. */
export type DecodedValue = { ok: true; value: unknown } | { ok: false };

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
  /** Which run of the id (attach.md, "Ids used again"): 1 until the store assigns runs. */
  run: number;
  step: StepDefinition | null;
  /** Parsed JSON, or the text when not JSON; null above maxValueBytes. */
  value: unknown;
  notJson: boolean;
  /** The registry could not decode it (its bytes are kept as text). */
  notDecodable: boolean;
  /** A `matches` test read only the start of a long text. */
  matchCut: boolean;
  truncated: boolean;
  size: number;
};

const utf8 = new TextDecoder("utf-8", { fatal: false });

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The instance id, or null when it cannot be read (no header, no key, a key of the wrong length, not JSON, no such path, not text). */
export function correlationId(
  c: Correlation,
  r: { key: string | null; headers: Record<string, string> },
  json: unknown | undefined,
  limits: Limits,
): string | null {
  let v: unknown;
  if (c.header !== undefined) v = r.headers[c.header];
  else if (c.key !== undefined) v = r.key;
  else v = json === undefined ? undefined : readPath(json, c.path!);
  if (typeof v === "number" && Number.isFinite(v)) v = String(v);
  if (typeof v !== "string" || v.length === 0 || v.length > limits.maxIdLength || !storableText(v)) return null;
  return v;
}

/** The first step of the topic whose match holds (definition order), or null. */
export function matchStep(
  steps: readonly StepDefinition[],
  topic: string,
  input: MatchInput,
  tally: MatchTally = { cut: false },
): StepDefinition | null {
  return steps.find((s) => s.topic === topic && (!s.match || matchHolds(s.match, input, tally))) ?? null;
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

/**
 * One record as stored. `decoded` is the registry's reading of a topic whose format is not json
 * (the value's bytes are then not parsed as JSON).
 */
export function observeRecord(
  saga: Pick<SagaDefinition, "correlation" | "steps">,
  r: RawRecord,
  limits: Limits,
  decoded?: DecodedValue,
): ObservedRecord {
  const size = r.value?.byteLength ?? 0;
  const text = r.value ? utf8.decode(r.value) : null;
  const parsed = decoded ?? (text === null ? ({ ok: false } as const) : parseJson(text));
  const json = parsed.ok ? parsed.value : undefined;
  const how = keyDecoding(saga.correlation);
  const key = r.key === null ? null : decodeKey(how, r.key);
  const instanceId = correlationId(saga.correlation, { key, headers: r.headers }, json, limits);
  const truncated = size > limits.maxValueBytes;
  let value: unknown = null;
  if (!truncated && text !== null) {
    if (!parsed.ok) value = toStorableText(text);
    else if (decoded) value = storableJson(json);
    else value = storable(text, json);
  }
  const tally: MatchTally = { cut: false };
  const shown = shownKey(how, r.key);
  return {
    topic: r.topic,
    partition: r.partition,
    offset: r.offset,
    at: new Date(r.timestamp),
    key: shown === null ? null : toStorableText(shown).slice(0, limits.maxIdLength),
    headers: keptHeaders(r.headers),
    instanceId,
    run: 1,
    step: instanceId === null ? null : matchStep(saga.steps, r.topic, { json, headers: r.headers, key }, tally),
    value,
    notJson: decoded === undefined && !parsed.ok,
    notDecodable: decoded !== undefined && !decoded.ok,
    matchCut: tally.cut,
    truncated,
    size,
  };
}

/** A decoded value as jsonb can hold it. */
function storableJson(v: unknown): unknown {
  const text = JSON.stringify(v) ?? "null";
  return storable(text, v);
}

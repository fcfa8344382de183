// What discovery reads of one sampled record (attach.md, "Proposing a definition from the
// traffic"): its key in each decoding its bytes fit, its headers as text, and the JSON leaves of
// its value by dot path, each as a field id (`key:long`, `header:eventType`, `path:order.id`)
// with the value's text. Pure.
import type { KeyDecoding } from "../../../../contracts/sagas";
import { decodeKey } from "../keys";
import type { RawRecord } from "../record";

export type FieldSource = "key" | "header" | "path";
/** `<source>:<name>`; the name of a key field is its decoding. */
export type FieldId = string;

/** A record as the sampler gives it: the value parsed (JSON or registry-decoded), undefined when it is neither. */
export type SampledRecord = Omit<RawRecord, "value"> & { value: unknown };

export type FieldedRecord = {
  topic: string;
  partition: number;
  offset: string;
  timestamp: number;
  fields: Map<FieldId, string>;
};

/** Leaves read per record, and how deep: a value of thousands of leaves is read in part. */
export const LEAF_LIMITS = { count: 200, depth: 6, textLength: 200, nameLength: 200 };

export const fieldId = (source: FieldSource, name: string): FieldId => `${source}:${name}`;

export function splitField(id: FieldId): { source: FieldSource; name: string } {
  const at = id.indexOf(":");
  return { source: id.slice(0, at) as FieldSource, name: id.slice(at + 1) };
}

// Text a person would type: printable, not too long. A key that decodes to control bytes is not text.
const PRINTABLE = /^[^\p{Cc}\p{Cs}]+$/u;
const printable = (v: string): boolean => v.length > 0 && v.length <= LEAF_LIMITS.textLength && PRINTABLE.test(v);

/** The decodings a key's bytes fit, most specific first; hex only when no other fits. */
export function keyReadings(key: Uint8Array): [KeyDecoding, string][] {
  const out: [KeyDecoding, string][] = [];
  const text = decodeKey("string", key);
  const isText = text !== null && printable(text);
  const uuid = decodeKey("uuid", key);
  if (uuid !== null && ((key.byteLength === 16 && !isText) || (isText && key.byteLength === 36)))
    out.push(["uuid", uuid]);
  if (isText) out.push(["string", text]);
  else {
    for (const how of ["long", "int"] as const) {
      const v = decodeKey(how, key);
      if (v !== null) out.push([how, v]);
    }
  }
  if (out.length === 0 && key.byteLength > 0 && key.byteLength <= 64) out.push(["hex", decodeKey("hex", key)!]);
  return out;
}

function leaves(value: unknown, prefix: string, depth: number, out: Map<FieldId, string>): void {
  if (out.size >= LEAF_LIMITS.count || value === null || value === undefined) return;
  if (prefix.length > LEAF_LIMITS.nameLength) return; // too long a path to name in a definition
  if (typeof value === "string") {
    if (printable(value)) out.set(fieldId("path", prefix), value);
    return;
  }
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    out.set(fieldId("path", prefix), String(value));
    return;
  }
  // Arrays are left out: their elements are items of a record, not what identifies or types it.
  if (Array.isArray(value) || typeof value !== "object" || depth >= LEAF_LIMITS.depth) return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k === "" || k.includes(".")) continue; // a dot path could not name it
    leaves(v, prefix ? `${prefix}.${k}` : k, depth + 1, out);
  }
}

/** Every field of a record with its text. */
export function recordFields(r: SampledRecord): FieldedRecord {
  const fields = new Map<FieldId, string>();
  if (r.key !== null) for (const [how, v] of keyReadings(r.key)) fields.set(fieldId("key", how), v);
  for (const [name, v] of Object.entries(r.headers))
    if (printable(v) && printable(name) && name.length <= LEAF_LIMITS.nameLength)
      fields.set(fieldId("header", name), v);
  if (r.value !== null && typeof r.value === "object" && !Array.isArray(r.value)) leaves(r.value, "", 0, fields);
  return { topic: r.topic, partition: r.partition, offset: r.offset, timestamp: r.timestamp, fields };
}

// The schema-registry wire format that Confluent's serializers write (and Apicurio's in its
// Confluent mode): a magic byte 0, the schema id as 4 bytes big-endian, then the payload. A
// Protobuf payload starts with the path of its message type in the schema: a count then that many
// indexes, each a zig-zag varint, and a count of 0 meaning the path [0] (the first message).
export type WireHeader = { ok: true; schemaId: number; offset: number } | { ok: false; reason: string };
export type MessageIndexes = { ok: true; indexes: number[]; offset: number } | { ok: false; reason: string };

/** Nested deeper than this, a path is taken for garbage rather than a schema's message. */
const MAX_INDEXES = 64;

export function readHeader(bytes: Uint8Array): WireHeader {
  if (bytes.length === 0) return { ok: false, reason: "empty value: no schema-registry header" };
  const magic = bytes[0];
  if (magic !== 0) {
    const what = magic === 1 ? " (a schema GUID, not supported)" : "";
    return { ok: false, reason: `magic byte ${magic}${what}: not the schema-registry wire format (magic byte 0)` };
  }
  if (bytes.length < 5)
    return { ok: false, reason: `value of ${bytes.length} bytes: shorter than the 5-byte schema-registry header` };
  const schemaId = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(1, false);
  return { ok: true, schemaId, offset: 5 };
}

/** A zig-zag varint of at most 32 bits at `offset`, or null if the bytes end first or it is longer. */
function readZigZag(bytes: Uint8Array, offset: number): { value: number; offset: number } | null {
  let n = 0;
  for (let i = 0; i < 5; i++) {
    if (offset + i >= bytes.length) return null;
    const b = bytes[offset + i];
    n += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) {
      if (n > 0xffffffff) return null;
      const value = n % 2 === 0 ? n / 2 : -(n + 1) / 2;
      return { value, offset: offset + i + 1 };
    }
  }
  return null;
}

export function readMessageIndexes(bytes: Uint8Array, offset: number): MessageIndexes {
  const count = readZigZag(bytes, offset);
  if (!count) return { ok: false, reason: "the Protobuf message indexes are cut short" };
  if (count.value === 0) return { ok: true, indexes: [0], offset: count.offset };
  if (count.value < 0 || count.value > MAX_INDEXES)
    return { ok: false, reason: `the Protobuf message indexes are malformed (count ${count.value})` };
  const indexes: number[] = [];
  let at = count.offset;
  for (let i = 0; i < count.value; i++) {
    const index = readZigZag(bytes, at);
    if (!index) return { ok: false, reason: "the Protobuf message indexes are cut short" };
    if (index.value < 0)
      return { ok: false, reason: `the Protobuf message indexes are malformed (index ${index.value})` };
    indexes.push(index.value);
    at = index.offset;
  }
  return { ok: true, indexes, offset: at };
}

/** The header (and, for Protobuf, the message indexes) a serializer writes; for tests and tools. */
export function frame(schemaId: number, payload: Uint8Array, messageIndexes?: number[]): Uint8Array {
  const head = [0, (schemaId >>> 24) & 0xff, (schemaId >>> 16) & 0xff, (schemaId >>> 8) & 0xff, schemaId & 0xff];
  if (messageIndexes) {
    const values =
      messageIndexes.length === 1 && messageIndexes[0] === 0 ? [0] : [messageIndexes.length, ...messageIndexes];
    for (const v of values) {
      let z = v * 2; // zig-zag of a non-negative number
      while (z >= 0x80) {
        head.push((z % 0x80) | 0x80);
        z = Math.floor(z / 0x80);
      }
      head.push(z);
    }
  }
  const out = new Uint8Array(head.length + payload.length);
  out.set(head, 0);
  out.set(payload, head.length);
  return out;
}

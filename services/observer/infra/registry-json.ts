// Decoded values as plain JSON, the same for every format (docs: what the observer stores and
// matches on):
//   - 64-bit integers (Avro long, Protobuf int64/uint64/sint64/fixed64/sfixed64): a number when
//     it is a safe integer (|n| <= 2^53 - 1), else its decimal digits as a string, so no digit is
//     ever lost and the common case stays a number;
//   - bytes (Avro bytes and fixed, Protobuf bytes): base64 text;
//   - NaN and the infinities: the strings "NaN", "Infinity", "-Infinity" (as Protobuf's JSON does);
//   - everything else as JSON has it; no undefined, BigInt, Buffer or class instance is left.
export function jsonInteger(n: bigint): number | string {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

export function jsonNumber(n: number): number | string {
  return Number.isFinite(n) ? n : String(n);
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/** Any decoded value made plain JSON by the rules above (objects: their own enumerable fields). */
export function plainJson(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case "bigint":
      return jsonInteger(v);
    case "number":
      return jsonNumber(v);
    case "string":
    case "boolean":
      return v;
    case "object":
      if (v instanceof Uint8Array) return base64(v);
      if (Array.isArray(v)) return v.map(plainJson);
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainJson(x)]));
    default:
      return null;
  }
}

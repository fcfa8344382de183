// Avro values (avsc) read into plain JSON by their writer's schema, as registered:
//   - a union is its branch's value (null, or the value itself: never Avro JSON's {"type": value});
//   - a record is an object of its fields, a map an object, an enum its symbol's name;
//   - long: a number if safe, else a string (registry-json.ts); bytes and fixed: base64;
//   - the decimal logical type: its exact value as a decimal string ("1234.50"); other logical
//     types are their underlying value (timestamp-millis: the number of milliseconds, date: days).
import avro from "avsc";
import { base64, jsonInteger, jsonNumber } from "./registry-json";

// A long read as a BigInt, never as a number that may have lost digits (avsc's default throws).
const LongAsBigInt = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(0),
  toBuffer: (n: bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(BigInt(n), 0);
    return buf;
  },
  fromJSON: (v: unknown) => BigInt(v as string),
  toJSON: (n: bigint) => n.toString(),
  isValid: (n: unknown) => typeof n === "bigint",
  compare: (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0),
});

/** Two's complement big-endian bytes (decimal's unscaled value) shown with `scale` decimals. */
export function decimalText(bytes: Uint8Array, scale: number): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  if (bytes.length > 0 && bytes[0] & 0x80) n -= 1n << BigInt(8 * bytes.length);
  const digits = (n < 0n ? -n : n).toString().padStart(scale + 1, "0");
  const text = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return n < 0n ? `-${text}` : text;
}

class DecimalAsText extends avro.types.LogicalType {
  private readonly scale: number;
  constructor(schema: avro.Schema, opts?: unknown) {
    super(schema, opts);
    const scale = (schema as { scale?: unknown }).scale;
    this.scale = typeof scale === "number" && Number.isInteger(scale) && scale >= 0 ? scale : 0;
  }
  protected override _fromValue(val: Buffer): string {
    return decimalText(val, this.scale);
  }
  protected override _toValue(): never {
    throw new Error("decimal values are only read here");
  }
}

/** Plain JSON of `v`, read by `type` (unions are wrapped: see the options below). */
function plain(type: avro.Type, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (type.typeName) {
    case "record":
    case "error": {
      const rec = v as Record<string, unknown>;
      return Object.fromEntries(
        (type as avro.types.RecordType).fields.map((f) => [f.name, plain(f.type, rec[f.name])]),
      );
    }
    case "array":
      return (v as unknown[]).map((x) => plain((type as avro.types.ArrayType).itemsType, x));
    case "map": {
      const values = (type as avro.types.MapType).valuesType as avro.Type;
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, plain(values, x)]));
    }
    case "union:wrapped": {
      const [branch, inner] = Object.entries(v as Record<string, unknown>)[0] ?? [];
      const of = (type as avro.types.WrappedUnionType).types.find((t) => t.branchName === branch);
      return of ? plain(of, inner) : null;
    }
    case "long":
    case "abstract:long": // LongAsBigInt
      return typeof v === "bigint" ? jsonInteger(v) : v;
    case "float":
    case "double":
      return jsonNumber(v as number);
    case "bytes":
    case "fixed":
      return base64(v as Uint8Array);
    default:
      return v; // null, boolean, int, string, enum (its symbol), decimal (its text)
  }
}

export type AvroReader = (payload: Uint8Array) => unknown;

/**
 * A reader for the writer's schema `schema`; `references` are the schemas it refers to by name
 * (the registry's references, each before the schemas that use it). Throws if a schema is invalid.
 */
export function avroReader(schema: string, references: string[] = []): AvroReader {
  const opts: Partial<avro.ForSchemaOptions> = {
    registry: { long: LongAsBigInt },
    logicalTypes: { decimal: DecimalAsText },
    // Always wrapped when read, so the branch read is known; plain() then unwraps every union.
    wrapUnions: "always",
  };
  for (const ref of references) avro.Type.forSchema(JSON.parse(ref) as avro.Schema, opts);
  const type = avro.Type.forSchema(JSON.parse(schema) as avro.Schema, opts);
  return (payload) => plain(type, type.fromBuffer(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)));
}

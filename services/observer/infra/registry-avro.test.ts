import assert from "node:assert/strict";
import { describe, it } from "node:test";
import avro from "avsc";
import { avroReader, decimalText } from "./registry-avro";

const money = {
  type: "record",
  name: "Money",
  namespace: "bank",
  fields: [
    { name: "cents", type: "long" },
    { name: "currency", type: { type: "enum", name: "Currency", symbols: ["EUR", "USD"] } },
  ],
};
const transfer = {
  type: "record",
  name: "Transfer",
  namespace: "bank",
  fields: [
    { name: "id", type: "string" },
    { name: "amount", type: "bank.Money" },
    { name: "note", type: ["null", "string"], default: null },
    { name: "either", type: ["int", "long", "bank.Money"] },
    { name: "digest", type: "bytes" },
    { name: "tag", type: { type: "fixed", name: "Tag", size: 2 } },
    { name: "tags", type: { type: "map", values: ["null", "long"] } },
    { name: "ratio", type: "double" },
    { name: "price", type: { type: "bytes", logicalType: "decimal", precision: 9, scale: 2 } },
    { name: "at", type: { type: "long", logicalType: "timestamp-millis" } },
    { name: "lines", type: { type: "array", items: "bank.Money" } },
  ],
};

// The writer's side, as a producer's avsc would encode it (numbers for longs, unions unwrapped).
const writer = avro.Type.forSchema(transfer as avro.Schema, {
  registry: { "bank.Money": avro.Type.forSchema(money as avro.Schema) },
});
const value = {
  id: "t-1",
  amount: { cents: 1250, currency: "EUR" },
  note: "rent",
  either: { "bank.Money": { cents: 1, currency: "USD" } },
  digest: Buffer.from([1, 2, 255]),
  tag: Buffer.from("ok"),
  tags: { a: 7, b: null },
  ratio: Number.NaN,
  price: Buffer.from([0xff, 0x85]), // -123 unscaled: -1.23
  at: 1_700_000_000_123,
  lines: [{ cents: 5, currency: "EUR" }],
};

describe("avroReader", () => {
  it("reads a record into plain JSON, references first", () => {
    const read = avroReader(JSON.stringify(transfer), [JSON.stringify(money)]);
    const out = read(writer.toBuffer(value));
    assert.deepEqual(out, {
      id: "t-1",
      amount: { cents: 1250, currency: "EUR" },
      note: "rent",
      either: { cents: 1, currency: "USD" },
      digest: "AQL/",
      tag: "b2s=",
      tags: { a: 7, b: null },
      ratio: "NaN",
      price: "-1.23",
      at: 1_700_000_000_123,
      lines: [{ cents: 5, currency: "EUR" }],
    });
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.doesNotThrow(() => JSON.stringify(out));
  });

  it("gives a long beyond 2^53 as its digits", () => {
    const bigLong = avro.types.LongType.__with({
      fromBuffer: (b: Buffer) => b.readBigInt64LE(0),
      toBuffer: (n: bigint) => {
        const b = Buffer.alloc(8);
        b.writeBigInt64LE(n, 0);
        return b;
      },
      fromJSON: BigInt,
      toJSON: String,
      isValid: (n: unknown) => typeof n === "bigint",
      compare: () => 0,
    });
    const schema = {
      type: "record",
      name: "R",
      fields: [
        { name: "n", type: "long" },
        { name: "m", type: "long" },
      ],
    };
    const bytes = avro.Type.forSchema(schema as avro.Schema, { registry: { long: bigLong } }).toBuffer({
      n: 9007199254740993n,
      m: -42n,
    });
    assert.deepEqual(avroReader(JSON.stringify(schema))(bytes), { n: "9007199254740993", m: -42 });
  });

  it("reads a schema that is a primitive or a union at the top", () => {
    assert.equal(avroReader('"string"')(avro.Type.forSchema("string").toBuffer("hé")), "hé");
    assert.equal(avroReader('["null","int"]')(avro.Type.forSchema(["null", "int"]).toBuffer(3)), 3);
    assert.equal(avroReader('["null","int"]')(avro.Type.forSchema(["null", "int"]).toBuffer(null)), null);
  });

  it("throws on a payload the schema cannot read: cut short or with bytes left over", () => {
    const read = avroReader(JSON.stringify(transfer), [JSON.stringify(money)]);
    const bytes = writer.toBuffer(value);
    assert.throws(() => read(bytes.subarray(0, bytes.length - 3)));
    assert.throws(() => read(Buffer.concat([bytes, Buffer.from([1, 2])])), /trailing/);
  });

  it("throws on a schema that is not Avro", () => {
    assert.throws(() => avroReader('{"type":"record","name":"R","fields":[{"name":"x","type":"nope"}]}'));
    assert.throws(() => avroReader("not json"));
  });

  it("shows decimals exactly", () => {
    assert.equal(decimalText(Uint8Array.of(0x30, 0x39), 2), "123.45");
    assert.equal(decimalText(Uint8Array.of(0x05), 3), "0.005");
    assert.equal(decimalText(Uint8Array.of(0xfb), 1), "-0.5");
    assert.equal(decimalText(Uint8Array.of(0x7f), 0), "127");
    assert.equal(decimalText(new Uint8Array(0), 2), "0.00");
  });
});

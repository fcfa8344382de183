import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { keyReadings, recordFields } from "./fields";

const bytes = (...b: number[]) => Uint8Array.from(b);

describe("the fields of a sampled record", () => {
  it("reads a key in each decoding its bytes fit, text first", () => {
    assert.deepEqual(keyReadings(new TextEncoder().encode("order-42")), [["string", "order-42"]]);
    assert.deepEqual(keyReadings(bytes(0, 0, 0, 0, 0, 0, 0, 42)), [["long", "42"]]);
    assert.deepEqual(keyReadings(bytes(0, 0, 1, 0)), [["int", "256"]]);
    const uuid = keyReadings(bytes(...Array.from({ length: 16 }, (_, i) => i)));
    assert.deepEqual(uuid, [["uuid", "00010203-0405-0607-0809-0a0b0c0d0e0f"]]);
    const text = "0f8fad5b-d9cb-469f-a165-70867728950e";
    assert.deepEqual(keyReadings(new TextEncoder().encode(text)), [
      ["uuid", text],
      ["string", text],
    ]);
    assert.deepEqual(keyReadings(bytes(0xff, 0x00, 0x13)), [["hex", "ff0013"]]);
  });

  it("reads headers as text and the JSON leaves by dot path, arrays left out", () => {
    const r = recordFields({
      topic: "t",
      partition: 0,
      offset: "0",
      timestamp: 1,
      key: null,
      headers: { eventType: "Created", bad: "\u0000\u0001" },
      value: { order: { id: "o-1", total: 12.5, paid: false }, items: [{ sku: "a" }], note: null },
    });
    assert.deepEqual(Object.fromEntries(r.fields), {
      "header:eventType": "Created",
      "path:order.id": "o-1",
      "path:order.total": "12.5",
      "path:order.paid": "false",
    });
  });

  it("reads no leaves of a value that is not a JSON object", () => {
    for (const value of [undefined, "text", 42, [1, 2]])
      assert.equal(
        recordFields({ topic: "t", partition: 0, offset: "0", timestamp: 1, key: null, headers: {}, value }).fields
          .size,
        0,
      );
  });
});

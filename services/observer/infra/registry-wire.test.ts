import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {} from "./registry-client";
import { plainJson } from "./registry-json";
import { frame, readHeader, readMessageIndexes } from "./registry-wire";

describe("readHeader", () => {
  it("reads the schema id after magic byte 0, big-endian", () => {
    assert.deepEqual(readHeader(Uint8Array.of(0, 0, 0, 1, 2, 9)), { ok: true, schemaId: 258, offset: 5 });
    assert.deepEqual(readHeader(Uint8Array.of(0, 0xff, 0xff, 0xff, 0xff)), {
      ok: true,
      schemaId: 4294967295,
      offset: 5,
    });
  });

  it("refuses another magic byte, a value shorter than the header, an empty value", () => {
    const no = (b: Uint8Array) => {
      const h = readHeader(b);
      assert.equal(h.ok, false);
      return h.ok ? "" : h.reason;
    };
    assert.match(no(Uint8Array.from(Buffer.from('{"a":1}'))), /magic byte 123/);
    assert.match(no(Uint8Array.of(1, 0, 0, 0, 1)), /GUID/);
    assert.match(no(Uint8Array.of(0, 0, 1)), /shorter than the 5-byte/);
    assert.match(no(new Uint8Array(0)), /empty/);
  });
});

describe("readMessageIndexes", () => {
  // Confluent's encoding: zig-zag varints, a count first, [0] written as a single 0.
  it("reads the spec's byte forms", () => {
    assert.deepEqual(readMessageIndexes(Uint8Array.of(0x00, 0x0a), 0), { ok: true, indexes: [0], offset: 1 });
    assert.deepEqual(readMessageIndexes(Uint8Array.of(0x02, 0x02), 0), { ok: true, indexes: [1], offset: 2 });
    assert.deepEqual(readMessageIndexes(Uint8Array.of(0x04, 0x02, 0x00, 0x08), 0), {
      ok: true,
      indexes: [1, 0],
      offset: 3,
    });
    assert.deepEqual(readMessageIndexes(Uint8Array.of(9, 0x02, 0xc8, 0x01), 1), {
      ok: true,
      indexes: [100],
      offset: 4,
    });
  });

  it("refuses indexes cut short, negative or absurd", () => {
    assert.equal(readMessageIndexes(Uint8Array.of(0x04, 0x02), 0).ok, false);
    assert.equal(readMessageIndexes(Uint8Array.of(0x80), 0).ok, false);
    assert.equal(readMessageIndexes(Uint8Array.of(0x01), 0).ok, false); // count -1
    assert.equal(readMessageIndexes(Uint8Array.of(0x02, 0x01), 0).ok, false); // index -1
    assert.equal(readMessageIndexes(Uint8Array.of(0xfe, 0x01), 0).ok, false); // count 127
    assert.equal(readMessageIndexes(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0x01), 0).ok, false);
  });

  it("reads back what frame() writes", () => {
    for (const path of [[0], [1], [3, 0, 200], [0, 0]]) {
      const bytes = frame(7, Uint8Array.of(42), path);
      const h = readHeader(bytes);
      assert.ok(h.ok);
      const m = readMessageIndexes(bytes, h.offset);
      assert.ok(m.ok);
      assert.deepEqual(m.indexes, path);
      assert.deepEqual([...bytes.subarray(m.offset)], [42]);
    }
    assert.deepEqual([...frame(258, Uint8Array.of(9))], [0, 0, 0, 1, 2, 9]);
  });
});

describe("plainJson", () => {
  it("leaves no BigInt, bytes or non-finite number", () => {
    assert.deepEqual(
      plainJson({
        a: 5n,
        b: 2n ** 60n,
        c: Buffer.from("hi"),
        d: [Number.NaN, -Infinity, 1.5],
        e: undefined,
        f: new Uint8Array([1]),
      }),
      {
        a: 5,
        b: "1152921504606846976",
        c: "aGk=",
        d: ["NaN", "-Infinity", 1.5],
        e: null,
        f: "AQ==",
      },
    );
  });
});

// Keys that are not text: Java longs and ints, UUIDs, hex; a key of the wrong length does not decode.
import assert from "node:assert/strict";
import { it } from "node:test";
import fc from "fast-check";
import { decodeKey, shownKey } from "./keys";

const long = (n: bigint) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigInt64(0, n, false);
  return b;
};

it("decodes Java's LongSerializer and IntegerSerializer bytes as decimal digits", () => {
  assert.equal(decodeKey("long", long(42n)), "42");
  assert.equal(decodeKey("long", long(-1n)), "-1");
  assert.equal(decodeKey("long", long(9007199254740993n)), "9007199254740993", "beyond a double's precision");
  assert.equal(decodeKey("int", new Uint8Array([0, 0, 1, 0])), "256");
  assert.equal(decodeKey("int", new Uint8Array([255, 255, 255, 254])), "-2");
});

it("round-trips every long", () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      (n) => decodeKey("long", long(n)) === n.toString(),
    ),
  );
});

it("refuses a long or an int of the wrong length, and text that is not UTF-8", () => {
  assert.equal(decodeKey("long", new Uint8Array([1, 2, 3])), null);
  assert.equal(decodeKey("int", long(1n)), null);
  assert.equal(decodeKey("string", new Uint8Array([0xff, 0xfe])), null);
  assert.equal(shownKey("long", new Uint8Array([1, 2, 3])), "0x010203", "shown as hex when it does not decode");
});

it("reads a UUID from 16 bytes or from its text, in lowercase 8-4-4-4-12", () => {
  const bytes = Uint8Array.from(Buffer.from("0123456789abcdef0123456789ABCDEF", "hex"));
  assert.equal(decodeKey("uuid", bytes), "01234567-89ab-cdef-0123-456789abcdef");
  assert.equal(
    decodeKey("uuid", new TextEncoder().encode("01234567-89AB-cdef-0123-456789abcdef")),
    "01234567-89ab-cdef-0123-456789abcdef",
  );
  assert.equal(decodeKey("uuid", new TextEncoder().encode("not-a-uuid")), null);
  assert.equal(decodeKey("hex", new Uint8Array([0, 171, 255])), "00abff");
});

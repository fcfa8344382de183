// A record key's bytes as text (attach.md, "Keys that are not text"): UTF-8, a Java long or int
// (big-endian, signed) as decimal digits, a UUID in its 8-4-4-4-12 form, or lowercase hex. Pure.
import type { KeyDecoding } from "../../../contracts/sagas";

const utf8 = new TextDecoder("utf-8", { fatal: true });
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");

function text(b: Uint8Array): string | null {
  try {
    return utf8.decode(b);
  } catch {
    return null;
  }
}

function uuid(b: Uint8Array): string | null {
  if (b.byteLength === 16) {
    const h = hex(b);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  const t = b.byteLength === 36 ? text(b) : null;
  return t !== null && UUID_TEXT.test(t) ? t.toLowerCase() : null;
}

/** The key decoded, or null when its bytes are not of that kind (a long of 3 bytes, text that is not UTF-8). */
export function decodeKey(how: KeyDecoding, b: Uint8Array): string | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  switch (how) {
    case "string":
      return text(b);
    case "long":
      return b.byteLength === 8 ? view.getBigInt64(0, false).toString() : null;
    case "int":
      return b.byteLength === 4 ? String(view.getInt32(0, false)) : null;
    case "uuid":
      return uuid(b);
    case "hex":
      return hex(b);
  }
}

/** How the pages show a key: decoded, or `0x` and its hex when it does not decode. */
export function shownKey(how: KeyDecoding, b: Uint8Array | null): string | null {
  if (b === null) return null;
  return decodeKey(how, b) ?? `0x${hex(b)}`;
}

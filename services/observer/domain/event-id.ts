// A record's event id, where its saga's definition says it is (`eventId`: a header or a JSON
// path; attach.md): the store keeps it in an indexed column, so one event is found among all
// the saga's records. Pure.
import { storableText } from "../../../contracts";
import type { EventIdSource } from "../../../contracts/sagas";
import { readPath } from "./match";

/** Longer ids are not kept: no real event id is this long, and the index stays small. */
export const MAX_EVENT_ID_LENGTH = 200;

/** The record's event id, or null (no `eventId` in the definition, absent, not text or a number, too long). */
export function eventIdOf(
  source: EventIdSource | undefined,
  record: { headers: Readonly<Record<string, string>>; value: unknown; truncated: boolean },
): string | null {
  if (!source) return null;
  let v: unknown;
  if (source.header !== undefined)
    v = Object.hasOwn(record.headers, source.header) ? record.headers[source.header] : undefined;
  else v = record.truncated ? undefined : readPath(record.value, source.path!);
  if (typeof v === "number" && Number.isFinite(v)) v = String(v);
  if (typeof v !== "string" || v.length === 0 || v.length > MAX_EVENT_ID_LENGTH || !storableText(v)) return null;
  return v;
}

/** An id asked for in a URL that could be one: the same bounds as what is stored. */
export const isEventIdParam = (id: string): boolean =>
  id.length > 0 && id.length <= MAX_EVENT_ID_LENGTH && storableText(id);

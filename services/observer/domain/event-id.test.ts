// The event id of a record, by header or JSON path, and the definition field that says where.
import assert from "node:assert/strict";
import { it } from "node:test";
import { SagaDefinition } from "../../../contracts/sagas";
import { eventIdOf, isEventIdParam } from "./event-id";

const record = (value: unknown, headers: Record<string, string> = {}, truncated = false) => ({
  value,
  headers,
  truncated,
});

it("reads the event id from a JSON path or a header, as text", () => {
  assert.equal(eventIdOf({ path: "meta.id" }, record({ meta: { id: "e-1" } })), "e-1");
  assert.equal(eventIdOf({ path: "seq" }, record({ seq: 42 })), "42");
  assert.equal(eventIdOf({ header: "x-event-id" }, record(null, { "x-event-id": "h-9" })), "h-9");
});

it("gives null without a source, a value, or a usable id", () => {
  assert.equal(eventIdOf(undefined, record({ eventId: "e" })), null);
  assert.equal(eventIdOf({ path: "eventId" }, record({ eventId: "e" }, {}, true)), null);
  assert.equal(eventIdOf({ path: "eventId" }, record("not json")), null);
  assert.equal(eventIdOf({ path: "eventId" }, record({ eventId: { nested: 1 } })), null);
  assert.equal(eventIdOf({ path: "eventId" }, record({ eventId: "x".repeat(201) })), null);
  assert.equal(eventIdOf({ header: "x-event-id" }, record({})), null);
  assert.ok(isEventIdParam("abc") && !isEventIdParam("") && !isEventIdParam("x".repeat(201)));
});

it("accepts eventId in a definition with exactly one of header or path", () => {
  const base = { name: "s", correlation: { key: true }, steps: [{ id: "a", topic: "t", from: "x" }] };
  assert.deepEqual(SagaDefinition.parse({ ...base, eventId: { path: "id" } }).eventId, { path: "id" });
  for (const eventId of [{}, { header: "h", path: "p" }, { key: true }]) {
    assert.equal(SagaDefinition.safeParse({ ...base, eventId }).success, false, JSON.stringify(eventId));
  }
  assert.equal(SagaDefinition.parse(base).eventId, undefined);
});

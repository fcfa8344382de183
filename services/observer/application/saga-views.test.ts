// The event look-up of GET /sagas/:name/events/:eventId: only where the definition says where
// the event id is, and only for ids that could have been stored.
import assert from "node:assert/strict";
import { it } from "node:test";
import { SagaDefinition } from "../../../contracts/sagas";
import { SagaError } from "../../kit/errors";
import type { ObserverStore, StoredRecord } from "./ports";
import { sagaViews } from "./saga-views";

const saga = (name: string, eventId?: { path: string }) => ({
  definition: SagaDefinition.parse({
    name,
    correlation: { key: true },
    ...(eventId && { eventId }),
    steps: [{ id: "a", topic: "t", from: "x" }],
  }),
  builtIn: false,
  file: `${name}.yaml`,
});

const record: StoredRecord = {
  topic: "t",
  partition: 0,
  offset: "7",
  step: "a",
  at: new Date(0),
  key: "k",
  headers: {},
  value: { id: "e-1" },
  truncated: false,
  size: 10,
};

const asked: string[] = [];
const store = {
  event: async (name: string, id: string) => (asked.push(`${name}:${id}`), id === "e-1" ? record : null),
} as unknown as ObserverStore;
const views = sagaViews({
  sagas: () => [saga("with", { path: "id" }), saga("without")],
  store,
  cluster: { missingTopics: () => [], refusedTopics: () => new Map(), consumers: () => new Map() },
  now: () => new Date(),
});

const notFound = async (p: Promise<unknown>) =>
  assert.rejects(p, (err) => err instanceof SagaError && err.code === "NOT_FOUND");

it("answers the record of an event id, as an instance shows it", async () => {
  const r = await views.event("with", "e-1");
  assert.deepEqual([r.step, r.offset, r.from, r.at], ["a", "7", "x", new Date(0).toISOString()]);
});

it("finds nothing for a saga without eventId, an unknown saga, or an id that could not be stored", async () => {
  asked.length = 0;
  await notFound(views.event("without", "e-1"));
  await notFound(views.event("nope", "e-1"));
  await notFound(views.event("with", "x".repeat(201)));
  await notFound(views.event("with", "e-2"));
  assert.deepEqual(asked, ["with:e-2"], "the store is asked only when it could hold the id");
});

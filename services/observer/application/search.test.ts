// The search use case: the query checked before the store is asked, the sagas watched read at
// each search, each instance's status by its own saga's time-out.
import assert from "node:assert/strict";
import { it } from "node:test";
import { SagaDefinition } from "../../../contracts/sagas";
import { SagaError } from "../../kit/errors";
import type { WatchedSaga } from "./definitions";
import type { SearchHit, SearchStore } from "./ports";
import { searchInstances } from "./search";

const saga = (name: string, timeoutMs: number): WatchedSaga => ({
  definition: SagaDefinition.parse({
    name,
    correlation: { key: true },
    timeoutMs,
    steps: [{ id: "a", topic: "t", from: "x" }],
  }),
  builtIn: false,
  file: `${name}.yaml`,
});

const now = new Date("2026-12-08T01:00:00Z");
const hit = (s: string, secondsAgo: number, ending: SearchHit["ending"] = null): SearchHit => ({
  saga: s,
  id: "o-42",
  run: 1,
  startedAt: new Date(now.getTime() - secondsAgo * 1000),
  ending,
  matchedOn: "value",
});

const asked: { text: string; sagas: readonly string[]; limit: number }[] = [];
let answer: SearchHit[] = [];
const store: SearchStore = { search: async (q) => (asked.push(q), answer) };
let watched = [saga("slow", 60_000), saga("fast", 1_000)];
const search = searchInstances({ sagas: () => watched, store, now: () => now });

const invalid = (query: Record<string, string>) =>
  assert.rejects(search(query), (err) => err instanceof SagaError && err.code === "VALIDATION_FAILED");

it("refuses empty, blank, too long and control-character queries and bad limits, before the store is asked", async () => {
  asked.length = 0;
  for (const q of ["", "   ", "x".repeat(10_000), "a\u0000b", "a\nb", "\u0007", "a\u007fb", "\ud800"])
    await invalid({ q });
  await invalid({});
  await invalid({ q: "x", limit: "0" });
  await invalid({ q: "x", limit: "101" });
  await invalid({ q: "x", limit: "ten" });
  assert.equal(asked.length, 0);
});

it("takes patterns literally and asks for the sagas watched at the time of the search", async () => {
  answer = [];
  asked.length = 0;
  for (const q of [".*", "[a-z]+", "%", "_", "\\"]) assert.deepEqual(await search({ q }), { results: [] });
  assert.deepEqual(
    asked.map((a) => a.text),
    [".*", "[a-z]+", "%", "_", "\\"],
  );
  assert.deepEqual(asked[0], { text: ".*", sagas: ["slow", "fast"], limit: 20 });
  watched = [saga("slow", 60_000)];
  await search({ q: "o-42", limit: "5" });
  assert.deepEqual(asked.at(-1), { text: "o-42", sagas: ["slow"], limit: 5 });
  watched = [saga("slow", 60_000), saga("fast", 1_000)];
});

it("gives each instance the status its own saga's time-out says, and drops a saga no longer watched", async () => {
  answer = [hit("slow", 30), hit("fast", 30), hit("fast", 40, "COMPLETED"), hit("gone", 10)];
  const { results } = await search({ q: "o-42" });
  assert.deepEqual(
    results.map((r) => [r.saga, r.status, r.matchedOn]),
    [
      ["slow", "RUNNING", "value"],
      ["fast", "STUCK", "value"],
      ["fast", "COMPLETED", "value"],
    ],
  );
  assert.equal(results[0]!.startedAt, new Date(now.getTime() - 30_000).toISOString());
});

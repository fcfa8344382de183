// A search's answer from its lists: each instance once, by its best match, newest first, bounded.
import assert from "node:assert/strict";
import { it } from "node:test";
import { bestHits, type Hit } from "./search-hits";

const hit = (saga: string, id: string, minute: number, matchedOn: Hit["matchedOn"], run = 1): Hit => ({
  saga,
  id,
  run,
  startedAt: new Date(Date.UTC(2026, 11, 8, 0, minute)),
  matchedOn,
});

it("gives each instance once, by its best match: id, then header, then value", () => {
  const byId = [hit("bank", "t-1", 1, "id")];
  const byTerm = [
    hit("bank", "t-1", 1, "value"),
    hit("parcels", "t-1", 2, "header"),
    hit("parcels", "t-1", 2, "value"),
  ];
  assert.deepEqual(
    bestHits([byTerm, byId], 10).map((h) => [h.saga, h.matchedOn]),
    [
      ["parcels", "header"],
      ["bank", "id"],
    ],
  );
});

it("answers newest first, at most the limit, runs of one id apart", () => {
  const lists = [
    [hit("a", "x", 5, "id"), hit("a", "x", 9, "id", 2)],
    [hit("b", "y", 7, "value"), hit("b", "z", 1, "value")],
  ];
  assert.deepEqual(
    bestHits(lists, 3).map((h) => `${h.saga}/${h.id}/${h.run}`),
    ["a/x/2", "b/y/1", "a/x/1"],
  );
  assert.deepEqual(bestHits([], 5), []);
});

it("orders instances of one time by saga, id and the later run first", () => {
  const same = [hit("b", "1", 3, "id"), hit("a", "2", 3, "id"), hit("a", "1", 3, "id"), hit("a", "1", 3, "id", 2)];
  assert.deepEqual(
    bestHits([same], 10).map((h) => `${h.saga}/${h.id}/${h.run}`),
    ["a/1/2", "a/1/1", "a/2/1", "b/1/1"],
  );
});

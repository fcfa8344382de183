// Temporary, while the built-in map moves to its definition: the edges, services and node places
// topology.ts exports today (snapshot taken from the hand-written lists), so the derived ones can
// be held to them. Removed once topology.ts derives them and meaningful assertions replace it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import * as topology from "./topology";

const snapshot = JSON.parse(readFileSync(new URL("./topology.snapshot.json", import.meta.url), "utf8")) as Record<string, unknown>;

test("topology.ts exports the edges, services and places of the snapshot, in its order", () => {
  const now = JSON.parse(JSON.stringify(Object.fromEntries(Object.keys(snapshot).map((k) => [k, (topology as Record<string, unknown>)[k]]))));
  assert.deepEqual(now, snapshot);
  assert.deepEqual(Object.keys(topology.EDGE_BY_ID), [...topology.CHOREOGRAPHY_EDGES, ...topology.ORCHESTRATION_EDGES].map((e) => e.id));
});

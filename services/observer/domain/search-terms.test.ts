// A record's search terms: header values and JSON leaves, bounded, each once, marked by origin.
import assert from "node:assert/strict";
import { it } from "node:test";
import { jsonLeaves, SEARCH_TERM_LIMITS, searchTerms } from "./search-terms";

it("reads strings and numbers at every depth, in the value's order, each once", () => {
  const value = {
    order: {
      id: "o-42",
      lines: [
        { sku: "p-1", qty: 2 },
        { sku: "p-2", qty: 2 },
      ],
    },
    total: 1.5,
  };
  assert.deepEqual(jsonLeaves(value), ["o-42", "p-1", "2", "p-2", "1.5"]);
});

it("leaves out true, false, null, empty and too long strings, and what PostgreSQL cannot hold", () => {
  const long = "x".repeat(SEARCH_TERM_LIMITS.chars + 1);
  const value = [true, false, null, "", long, "a\u0000b", "\ud800", "kept", "x".repeat(SEARCH_TERM_LIMITS.chars)];
  assert.deepEqual(jsonLeaves(value), ["kept", "x".repeat(SEARCH_TERM_LIMITS.chars)]);
});

it("reads a value that is plain text (not JSON) as one leaf, and a number as its JSON text", () => {
  assert.deepEqual(jsonLeaves("order 42 shipped"), ["order 42 shipped"]);
  assert.deepEqual(jsonLeaves(42), ["42"]);
  assert.deepEqual(jsonLeaves(-0.25), ["-0.25"]);
  assert.deepEqual(jsonLeaves(null), []);
});

it("keeps at most the first distinct leaves of a big value", () => {
  const many = Array.from({ length: 500 }, (_, i) => `v${i}`);
  const leaves = jsonLeaves({ many });
  assert.equal(leaves.length, SEARCH_TERM_LIMITS.valueTerms);
  assert.deepEqual(leaves.slice(0, 3), ["v0", "v1", "v2"]);
  assert.deepEqual(jsonLeaves(["a", "a", "b", "a"], 2), ["a", "b"], "repeats are not counted");
});

it("marks header values and value leaves apart, so a hit says which it was", () => {
  const terms = searchTerms({
    headers: { "x-order": "o-42", "x-copy": "o-42", "x-empty": "" },
    value: { orderId: "o-42", n: 7 },
  });
  assert.deepEqual(terms, ["h:o-42", "v:o-42", "v:7"]);
  assert.deepEqual(searchTerms({ headers: {}, value: null }), []);
});

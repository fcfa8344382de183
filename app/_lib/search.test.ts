import assert from "node:assert/strict";
import { test } from "node:test";
import { queryText, refusal, resultHref, searchHref } from "./search";

test("a built-in saga's result opens its order's journey, another saga's its instance at its run", () => {
  const builtIn = new Set(["orders"]);
  assert.equal(resultHref({ saga: "orders", id: "o/1", run: 1 }, builtIn), "/orders/o%2F1");
  assert.equal(resultHref({ saga: "bank", id: "t 1", run: 2 }, builtIn), "/sagas/bank/instances/t%201?run=2");
  assert.equal(resultHref({ saga: "orders", id: "x", run: 1 }, new Set()), "/sagas/orders/instances/x?run=1");
});

test("the list page carries the text encoded, % and & included", () => {
  assert.equal(searchHref("50% & more"), "/search?q=50%25+%26+more");
  assert.equal(new URLSearchParams(searchHref("a+b?").split("?")[1]).get("q"), "a+b?");
});

test("the box trims what is typed, sends nothing blank and at most 200 characters", () => {
  assert.equal(queryText("  o-42 \n"), "o-42");
  assert.equal(queryText("   "), null);
  assert.equal(queryText("x".repeat(500))?.length, 200);
});

test("a refusal says which field and why", () => {
  assert.equal(
    refusal({ fields: [{ field: "q", message: "must not contain control characters" }] }),
    "text: must not contain control characters",
  );
  assert.equal(refusal(null), "the search was refused");
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { compareHref, compareIds, journeyHref, stepFromQuery, withStep } from "./links";

test("?step= selects a whole step number from 1, and nothing otherwise", () => {
  assert.equal(stepFromQuery("3"), 3);
  assert.equal(stepFromQuery("12"), 12);
  for (const bad of [null, undefined, "", "0", "-1", "1.5", "03", "x", "1e3", "9999999"])
    assert.equal(stepFromQuery(bad), null, String(bad));
});

test("setting the step keeps the other parameters, and removing it leaves no empty query", () => {
  assert.equal(withStep("", 4), "?step=4");
  assert.equal(withStep("?step=2&x=y", 5), "?step=5&x=y");
  assert.equal(withStep("?step=2", null), "");
  assert.equal(withStep("?x=y&step=2", null), "?x=y");
});

test("journey and compare links encode their ids, and /compare reads them back trimmed", () => {
  assert.equal(journeyHref("a/b"), "/orders/a%2Fb");
  assert.equal(journeyHref("id", 3), "/orders/id?step=3");
  const href = compareHref(" a&1 ", "b");
  assert.equal(href, "/compare?a=a%261&b=b");
  assert.deepEqual(compareIds(new URL(href, "http://x").searchParams), { a: "a&1", b: "b" });
  assert.deepEqual(compareIds(new URLSearchParams("a=%20&b=")), { a: null, b: null });
});

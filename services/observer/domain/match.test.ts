// Matching on more than one field: equals (null too), in, exists, matches, all/any/not, on paths, headers and keys.
import assert from "node:assert/strict";
import { it } from "node:test";
import { MATCH_TEXT_LIMIT, StepMatch } from "../../../contracts/sagas/match";
import { matchHolds, type MatchInput } from "./match";

const input = (json: unknown, headers: Record<string, string> = {}, key: string | null = null): MatchInput => ({
  json,
  headers,
  key,
});
const m = (v: unknown) => StepMatch.parse(v);

it("tells a rollback by payment from a rollback by stock (all of two conditions)", () => {
  const byPayment = m({
    all: [
      { path: "status", equals: "ROLLBACK" },
      { path: "source", equals: "PAYMENT" },
    ],
  });
  assert.equal(matchHolds(byPayment, input({ status: "ROLLBACK", source: "PAYMENT" })), true);
  assert.equal(matchHolds(byPayment, input({ status: "ROLLBACK", source: "STOCK" })), false);
  assert.equal(matchHolds(byPayment, input({ status: "CONFIRMED", source: "PAYMENT" })), false);
});

it("equals null matches a JSON null, not an absent field; exists tells them apart", () => {
  assert.equal(matchHolds(m({ path: "source", equals: null }), input({ source: null })), true);
  assert.equal(matchHolds(m({ path: "source", equals: null }), input({})), false);
  assert.equal(matchHolds(m({ path: "source", exists: true }), input({ source: null })), true);
  assert.equal(matchHolds(m({ path: "source", exists: false }), input({})), true);
});

it("compares headers and keys as text; equals null on a header means it is absent", () => {
  assert.equal(matchHolds(m({ header: "x-n", equals: 7 }), input(undefined, { "x-n": "7" })), true);
  assert.equal(matchHolds(m({ header: "x-n", equals: null }), input(undefined, {})), true);
  assert.equal(matchHolds(m({ key: true, in: ["1", "2"] }), input(undefined, {}, "2")), true);
  assert.equal(matchHolds(m({ key: true, matches: "^4\\d$" }), input(undefined, {}, "42")), true);
  assert.equal(matchHolds(m({ key: true, exists: true }), input(undefined, {}, null)), false);
});

it("combines with any and not, and tests `matches` on a value's JSON text", () => {
  const refused = m({ any: [{ path: "status", in: ["REJECT", "REJECTED"] }, { not: { path: "ok", equals: true } }] });
  assert.equal(matchHolds(refused, input({ status: "REJECT", ok: true })), true);
  assert.equal(matchHolds(refused, input({ status: "ACCEPT", ok: false })), true);
  assert.equal(matchHolds(refused, input({ status: "ACCEPT", ok: true })), false);
  assert.equal(matchHolds(m({ path: "items", matches: '"sku":"A' }), input({ items: [{ sku: "A1" }] })), true);
});

it("reads only the start of a huge value for `matches`, and says so", () => {
  const tally = { cut: false };
  const huge = "x".repeat(MATCH_TEXT_LIMIT) + "NEEDLE";
  assert.equal(matchHolds(m({ path: "v", matches: "NEEDLE" }), input({ v: huge }), tally), false);
  assert.equal(tally.cut, true);
});

it("refuses a condition without a test, with two sources, a bad or exponential expression, and nesting too deep", () => {
  const issues = (v: unknown) =>
    StepMatch.safeParse(v)
      .error?.issues.map((i) => i.message)
      .join("; ") ?? "";
  assert.match(issues({ path: "a" }), /exactly one of equals, in, exists or matches/);
  assert.match(issues({ path: "a", header: "b", equals: 1 }), /exactly one of path, header or key/);
  assert.match(issues({ path: "a", matches: "(" }), /is not a regular expression/);
  assert.match(issues({ path: "a", matches: "(a+)+$" }), /exponential/);
  assert.match(issues({ path: "a", equals: { x: 1 } }), /must be a string, a number, a boolean or null/);
  let deep: unknown = { path: "a", equals: 1 };
  for (let i = 0; i < 9; i++) deep = { not: deep };
  assert.match(issues(deep), /nests deeper than 8/);
  assert.match(issues({ all: [{ path: "a" }] }), /exactly one of equals/, "an error inside a combination is reported");
});

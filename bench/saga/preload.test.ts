import assert from "node:assert/strict";
import { it } from "node:test";
import { PRODUCTS, USERS } from "./load";
import { pastHoldings } from "./preload";

it("past orders hold one unit and one point per completed order, spread over the bench products and users", () => {
  const n = 2 * USERS + 37;
  const { units, paid } = pastHoldings(n);
  // Every 10th order ran out of stock and every 10th + 1 could not pay: they hold nothing.
  const completed = Array.from({ length: n }, (_, i) => i).filter((i) => i % 10 > 1).length;
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  assert.equal(sum(units), completed);
  assert.equal(sum(paid), completed);
  assert.ok(units.size <= PRODUCTS && paid.size <= USERS);
  assert.equal(
    units.get("b-p2"),
    Array.from({ length: n }, (_, i) => i).filter((i) => i % PRODUCTS === 2 && i % 10 > 1).length,
  );
  assert.equal(pastHoldings(0).units.size, 0);
});

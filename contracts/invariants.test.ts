import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkConservation } from "./invariants";

const product = { id: "p", name: "P", price: 10, stock: 7, initialStock: 10 };
const user = { id: "u", name: "U", balance: 70, initialBalance: 100 };

describe("checkConservation", () => {
  it("holds when completed orders account for every unit and point", () => {
    const r = checkConservation([product], [user], { units: { p: 3 }, paid: { u: 30 }, byStatus: {} });
    assert.equal(r.ok, true);
    assert.deepEqual(r.violations, []);
  });

  it("names each product and user that drifted", () => {
    const r = checkConservation([product], [user], { units: { p: 2 }, paid: { u: 40 }, byStatus: {} });
    assert.equal(r.ok, false);
    assert.deepEqual(r.violations, ["stock of p is off by 1", "balance of u is off by -10"]);
  });
});

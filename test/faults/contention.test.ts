// Many orders racing for the last unit and for the last points.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { placeMany } from "./load";
import { scenario } from "./scenario";

describe("contention", () => {
  it("50 concurrent orders for 1 unit", async () => {
    const a = await scenario("50 concurrent orders for 1 unit", {}, async (c) => {
      await placeMany(c, 50, {
        concurrency: 25,
        body: () => ({ userId: "f-rich", items: [{ productId: "f-one", quantity: 1 }] }),
      });
    });
    assert.equal(a.completed, 1, "exactly one order gets the unit");
    assert.equal(a.cancelled, 49);
  });

  it("one user spending the whole balance concurrently", async () => {
    // f-spender has 100 points; each order costs 10 (f-one is not involved: 10 x f-bulk at 1 point).
    const a = await scenario("one user spends the whole balance concurrently", {}, async (c) => {
      await placeMany(c, 30, {
        concurrency: 15,
        body: () => ({ userId: "f-spender", items: [{ productId: "f-bulk", quantity: 10 }] }),
      });
    });
    assert.equal(a.completed, 10, "exactly ten orders are paid");
    assert.equal(a.cancelled, 20);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decideRestore, decideTake, MAX_AMOUNT, type Product } from "./stock";

const catalog = (...ps: Product[]) => new Map(ps.map((p) => [p.id, p]));
const gpu: Product = { id: "gpu", price: 900, stock: 3 };
const cable: Product = { id: "cable", price: 10, stock: 100 };

describe("decideTake", () => {
  it("takes every line, prices it and reports the new levels", () => {
    const d = decideTake(
      [
        { productId: "gpu", quantity: 2 },
        { productId: "cable", quantity: 5 },
      ],
      catalog(gpu, cable),
      null,
    );
    assert.deepEqual(d, {
      kind: "take",
      items: [
        { productId: "cable", quantity: 5, unitPrice: 10, lineAmount: 50 },
        { productId: "gpu", quantity: 2, unitPrice: 900, lineAmount: 1800 },
      ],
      totalAmount: 1850,
      levels: [
        { productId: "cable", stock: 95 },
        { productId: "gpu", stock: 1 },
      ],
    });
  });

  it("lets the last unit go", () => {
    const d = decideTake([{ productId: "gpu", quantity: 3 }], catalog(gpu), null);
    assert.equal(d.kind, "take");
    assert.deepEqual(d.kind === "take" && d.levels, [{ productId: "gpu", stock: 0 }]);
  });

  it("rejects one unit more than in stock, counting merged lines", () => {
    const d = decideTake(
      [
        { productId: "gpu", quantity: 2 },
        { productId: "gpu", quantity: 2 },
      ],
      catalog(gpu),
      null,
    );
    assert.equal(d.kind, "reject");
    assert.equal(d.kind === "reject" && d.reason, "OUT_OF_STOCK");
  });

  it("rejects unknown products and totals that overflow", () => {
    const unknown = decideTake([{ productId: "nope", quantity: 1 }], catalog(gpu), null);
    assert.equal(unknown.kind === "reject" && unknown.reason, "UNKNOWN_PRODUCT");
    const huge = decideTake(
      [{ productId: "big", quantity: 3 }],
      catalog({ id: "big", price: MAX_AMOUNT, stock: 10 }),
      null,
    );
    assert.equal(huge.kind === "reject" && huge.reason, "INVALID_QUANTITY");
  });

  it("ignores an order it has already handled or voided", () => {
    assert.equal(
      decideTake([{ productId: "gpu", quantity: 1 }], catalog(gpu), { status: "TAKEN", items: [] }).kind,
      "ignore",
    );
    assert.equal(
      decideTake([{ productId: "gpu", quantity: 1 }], catalog(gpu), { status: "VOIDED", items: [] }).kind,
      "ignore",
    );
  });
});

describe("decideRestore", () => {
  it("restores what was taken, once", () => {
    const items = [{ productId: "gpu", quantity: 1 }];
    assert.deepEqual(decideRestore({ status: "TAKEN", items }), { kind: "restore", items });
    assert.equal(decideRestore({ status: "RESTORED", items }).kind, "ignore");
    assert.equal(decideRestore({ status: "REJECTED", items: [] }).kind, "ignore");
  });

  it("voids an order whose forward step never happened", () => {
    assert.deepEqual(decideRestore(null), { kind: "void" });
  });
});

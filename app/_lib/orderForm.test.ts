import assert from "node:assert/strict";
import { test } from "node:test";
import { apiFieldErrors, toRequest, unplacedErrors, validateForm } from "./orderForm";

test("a good form becomes the API request", () => {
  const form = { userId: "u-alice", lines: [{ productId: "p-mouse", quantity: "2" }] };
  assert.deepEqual(toRequest(form), { userId: "u-alice", items: [{ productId: "p-mouse", quantity: 2 }] });
  assert.deepEqual(validateForm(form), {});
});

test("the chosen saga mode goes into the request", () => {
  const form = { userId: "u-alice", lines: [{ productId: "p-mouse", quantity: "2" }], mode: "orchestration" as const };
  assert.deepEqual(toRequest(form), {
    userId: "u-alice",
    items: [{ productId: "p-mouse", quantity: 2 }],
    mode: "orchestration",
  });
  assert.deepEqual(validateForm(form), {});
});

test("browser validation names each bad field like the API does", () => {
  const e = validateForm({
    userId: "",
    lines: [
      { productId: "p-mouse", quantity: "0" },
      { productId: "", quantity: "1.5" },
      { productId: "p-gpu", quantity: "" },
    ],
  });
  assert.ok(e.userId);
  assert.ok(e["items.0.quantity"]);
  assert.ok(e["items.1.productId"]);
  assert.ok(e["items.1.quantity"]);
  assert.equal(e["items.2.quantity"], "enter a quantity");
  assert.ok(validateForm({ userId: "u-alice", lines: [] }).items);
});

test("non-numeric quantities are sent as typed", () => {
  assert.deepEqual(toRequest({ userId: "u", lines: [{ productId: "p", quantity: "two" }] }).items[0].quantity, "two");
});

test("API 400 bodies map to fields; unknown fields are listed separately", () => {
  const { map, message } = apiFieldErrors({
    error: "VALIDATION_FAILED",
    message: "bad order",
    fields: [
      { field: "items.0.quantity", message: "too small" },
      { field: "(body)", message: "odd" },
    ],
  });
  assert.equal(message, "bad order");
  assert.equal(map["items.0.quantity"], "too small");
  assert.deepEqual(unplacedErrors(map, 1), ["(body): odd"]);
});

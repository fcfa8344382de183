// The contracts reject a wrong payload twice: at compile time (the @ts-expect-error lines fail
// `npm run typecheck` if the error ever disappears) and at run time (zod).
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import { makeEnvelope, parseEnvelope } from "./envelope";

const base = {
  eventId: randomUUID(),
  orderId: "o-1",
  causationId: null,
  producer: "order" as const,
  occurredAt: new Date(0),
};

describe("typed topics", () => {
  it("builds an envelope for a payload of the topic's shape", () => {
    const e = makeEnvelope({
      ...base,
      type: "order-create",
      payload: { userId: "u", items: [{ productId: "p", quantity: 2 }] },
    });
    assert.equal(e.version, 1);
    assert.equal(e.occurredAt, "1970-01-01T00:00:00.000Z");
    assert.deepEqual(parseEnvelope(JSON.stringify(e), "order-create"), { ok: true, envelope: e });
  });

  it("refuses a payload of another shape, at compile time and at run time", () => {
    assert.throws(() =>
      makeEnvelope({
        ...base,
        type: "order-create",
        // @ts-expect-error quantity must be a number
        payload: { userId: "u", items: [{ productId: "p", quantity: "2" }] },
      }),
    );
    assert.throws(() =>
      makeEnvelope({
        ...base,
        type: "pay-complete",
        // @ts-expect-error pay-complete has no `reason`, and needs amount and balanceAfter
        payload: { userId: "u", reason: "INSUFFICIENT_BALANCE" },
      }),
    );
  });

  it("names what is wrong in a message read from Kafka", () => {
    const bad = parseEnvelope(
      JSON.stringify({
        ...base,
        type: "order-create",
        version: 1,
        occurredAt: "x",
        payload: { userId: "u", items: [] },
      }),
    );
    assert.equal(bad.ok, false);
    assert.ok(!bad.ok && bad.issues.some((i) => i.startsWith("occurredAt")));
    const wrongTopic = parseEnvelope(
      JSON.stringify(
        makeEnvelope({ ...base, type: "order-cancel", payload: { userId: "u", reason: "TIMEOUT", detail: "" } }),
      ),
      "order-create",
    );
    assert.deepEqual(wrongTopic, { ok: false, issues: ["type: expected order-create, got order-cancel"] });
  });
});

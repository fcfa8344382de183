import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { makeEnvelope, parseEnvelope, type NewEvent } from "../../../contracts";
import { asEvent, runsBy, toReply } from "./replies";

const event: NewEvent<"pay-fail"> = {
  eventId: "00000000-0000-4000-8000-000000000001",
  type: "pay-fail",
  orderId: "o1",
  causationId: "00000000-0000-4000-8000-000000000002",
  producer: "balance",
  occurredAt: new Date("2026-01-01T00:00:00Z"),
  payload: { userId: "u1", amount: 5, reason: "INSUFFICIENT_BALANCE", detail: "balance 1" },
};

describe("participants' replies", () => {
  it("carries the event a use case would publish as a saga-reply that parses as the contract says", () => {
    const reply = toReply(event);
    assert.equal(reply.type, "saga-reply");
    assert.equal(reply.eventId, event.eventId);
    assert.equal(reply.causationId, event.causationId);
    const parsed = parseEnvelope(JSON.stringify(makeEnvelope(reply)), "saga-reply");
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.envelope.payload, { outcome: "pay-fail", result: event.payload });
  });

  it("refuses to reply with an event that is not a participant's outcome", () => {
    assert.throws(
      () => toReply({ ...event, type: "order-cancel", payload: { userId: "u1", reason: "TIMEOUT", detail: "" } }),
      /cannot answer/,
    );
  });

  it("reads a command as the event choreography delivers, keeping its identity", () => {
    const command = makeEnvelope({
      ...event,
      type: "stock-command",
      producer: "order",
      payload: { action: "take", userId: "u1", items: [{ productId: "kb", quantity: 1 }] },
    });
    const read = asEvent(command, "order-create", { userId: "u1", items: [{ productId: "kb", quantity: 1 }] });
    assert.equal(read.type, "order-create");
    assert.equal(read.eventId, command.eventId);
    assert.equal(read.causationId, command.causationId);
  });

  it("splits deliveries into consecutive runs of one kind, in order", () => {
    assert.deepEqual(
      runsBy(["take", "take", "restore", "take"], (x) => x),
      [
        { kind: "take", items: ["take", "take"] },
        { kind: "restore", items: ["restore"] },
        { kind: "take", items: ["take"] },
      ],
    );
    assert.deepEqual(runsBy([], String), []);
  });
});

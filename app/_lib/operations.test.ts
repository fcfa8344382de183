import assert from "node:assert/strict";
import { it } from "node:test";
import type { FaultsView } from "../../contracts/admin";
import type { HealthView } from "../../contracts/api";
import { faultText, filterFromQuery, filterToQuery, readableOriginal, serviceOps } from "./operations";

const clean = { failNext: 0, failRate: 0, delayMs: 0, paused: false, injected: 0, active: false };

it("says the faults in force in words, or nothing when clean", () => {
  assert.equal(faultText(clean), null);
  assert.equal(faultText(null), null);
  assert.equal(faultText({ ...clean, failNext: 3 }), "failing next 3");
  assert.equal(
    faultText({ ...clean, paused: true, failRate: 0.25, delayMs: 500 }),
    "paused, failing 25%, +500 ms per message",
  );
});

it("marks a service down when its health says so, with the reason", () => {
  const health = {
    status: "degraded",
    kafka: { brokers: [], topicPrefix: "", embedded: true },
    services: {
      order: { status: "up" },
      stock: { status: "down", detail: "fetch failed" },
      balance: { status: "up" },
      notification: { status: "up" },
    },
  } as HealthView;
  const faults = {
    order: { ...clean, failNext: 2, injected: 4, active: true },
    stock: { unreachable: "fetch failed" },
    balance: clean,
    notification: clean,
  } as FaultsView;
  const ops = serviceOps(health, faults);
  assert.deepEqual(ops.stock, { down: true, detail: "fetch failed", fault: null, injected: 0 });
  assert.deepEqual(ops.order, { down: false, detail: null, fault: "failing next 2", injected: 4 });
  assert.equal(serviceOps(undefined, undefined).balance.down, false, "unknown is not down");
});

it("keeps only known dead-letter filters from the URL", () => {
  assert.deepEqual(filterFromQuery(new URLSearchParams("service=stock&topic=order-create&code=INJECTED_FAULT")), {
    service: "stock",
    topic: "order-create",
    code: "INJECTED_FAULT",
  });
  assert.deepEqual(filterFromQuery(new URLSearchParams("service=evil&topic=nope&code=%3Cscript%3E")), {});
  assert.equal(filterToQuery({ service: "stock", code: "INVALID_EVENT" }), "?service=stock&code=INVALID_EVENT");
  assert.equal(filterToQuery({}), "");
});

it("shows an original record indented when it is JSON, raw otherwise", () => {
  assert.deepEqual(readableOriginal('{"a":1}'), { json: true, text: '{\n  "a": 1\n}' });
  assert.deepEqual(readableOriginal("\uFFFD{not json"), { json: false, text: "\uFFFD{not json" });
});

// The web's overall health: with the demo on every saga service counts; with SAGASCOPE_DEMO=off
// only the observer and the live feed do (the run command's "[up] healthy" waits for "ok").
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SERVICES, type HealthView } from "../../contracts";
import { webConfigSchema } from "../config";
import { healthStatus } from "./health";

const services = (down: string[] = []) => Object.fromEntries(SERVICES.map((s) => [s, down.includes(s) ? { status: "down", detail: "ECONNREFUSED" } : { status: "up" }])) as HealthView["services"];
const up = { status: "up" as const };
const down = { status: "down" as const, detail: "ECONNREFUSED" };

describe("healthStatus", () => {
  it("is ok with the demo on only when every service, the observer and the live feed are up", () => {
    assert.equal(healthStatus({ demo: true, services: services(), observer: up, liveFeed: "up" }), "ok");
    assert.equal(healthStatus({ demo: true, services: services(["stock"]), observer: up, liveFeed: "up" }), "degraded");
    assert.equal(healthStatus({ demo: true, services: services(), observer: down, liveFeed: "up" }), "degraded");
    assert.equal(healthStatus({ demo: true, services: services(), observer: up, liveFeed: "connecting" }), "degraded");
  });

  it("with SAGASCOPE_DEMO=off does not wait for the saga services, but still for the observer and the live feed", () => {
    assert.equal(healthStatus({ demo: false, services: services([...SERVICES]), observer: up, liveFeed: "up" }), "ok");
    assert.equal(healthStatus({ demo: false, services: services([...SERVICES]), observer: down, liveFeed: "up" }), "degraded");
    assert.equal(healthStatus({ demo: false, services: services([...SERVICES]), observer: up, liveFeed: "connecting" }), "degraded");
  });

  it("is ok without a live feed where no bridge runs", () => {
    assert.equal(healthStatus({ demo: true, services: services(), observer: up }), "ok");
  });
});

describe("the web configuration's demo switch", () => {
  it("is on unless SAGASCOPE_DEMO=off, and refuses anything but on or off", () => {
    assert.equal(webConfigSchema.parse({ KAFKA_BROKERS: "127.0.0.1:9" }).demo, true);
    assert.equal(webConfigSchema.parse({ KAFKA_BROKERS: "127.0.0.1:9", SAGASCOPE_DEMO: "off" }).demo, false);
    assert.equal(webConfigSchema.safeParse({ KAFKA_BROKERS: "127.0.0.1:9", SAGASCOPE_DEMO: "no" }).success, false);
  });
});

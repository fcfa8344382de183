// The web's overall health: with the demo on every saga service counts; with SAGASCOPE_DEMO=off
// only the observer and the live feed do (the run command's "[up] healthy" waits for "ok"). A
// service is shown as its /health's status and body say, figures included.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SERVICES, type HealthView } from "../../contracts";
import { webConfigSchema } from "../config";
import { readHealthAnswer } from "../../services/kit/http/health";
import { healthStatus, observerHealthOf, serviceHealthOf } from "./health";

const services = (down: string[] = []) =>
  Object.fromEntries(
    SERVICES.map((s) => [s, down.includes(s) ? { status: "down", detail: "ECONNREFUSED" } : { status: "up" }]),
  ) as HealthView["services"];
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
    assert.equal(
      healthStatus({ demo: false, services: services([...SERVICES]), observer: down, liveFeed: "up" }),
      "degraded",
    );
    assert.equal(
      healthStatus({ demo: false, services: services([...SERVICES]), observer: up, liveFeed: "connecting" }),
      "degraded",
    );
  });

  it("is ok without a live feed where no bridge runs", () => {
    assert.equal(healthStatus({ demo: true, services: services(), observer: up }), "ok");
  });
});

describe("a service's /health as /api/health shows it", () => {
  it("is down with the service's reason for a 503 with a body, keeping its figures", () => {
    const s = serviceHealthOf(
      readHealthAnswer(
        503,
        JSON.stringify({
          status: "down",
          service: "stock",
          database: "down",
          broker: "up",
          published: 4,
          detail: "database: Connection terminated",
        }),
      ),
    );
    assert.deepEqual(JSON.parse(JSON.stringify(s)), {
      status: "down",
      detail: "database: Connection terminated",
      database: "down",
      broker: "up",
      published: 4,
    });
  });

  it("is down for a 200 whose body says down, and up only for a 200 saying up", () => {
    assert.equal(
      serviceHealthOf(readHealthAnswer(200, '{"status":"down","detail":"consumer groups: joining"}')).detail,
      "consumer groups: joining",
    );
    const up = serviceHealthOf(readHealthAnswer(200, '{"status":"up","outboxDepth":2,"database":"up"}'));
    assert.deepEqual(JSON.parse(JSON.stringify(up)), { status: "up", outboxDepth: 2, database: "up" });
  });

  it("takes only the figures of ServiceHealth from the body", () => {
    const s = serviceHealthOf(readHealthAnswer(200, '{"status":"up","service":"stock","secret":"x"}'));
    assert.deepEqual(JSON.parse(JSON.stringify(s)), { status: "up" });
  });

  it("reads the observer the same way", () => {
    assert.deepEqual(observerHealthOf(readHealthAnswer(200, '{"status":"up"}')), { status: "up" });
    assert.deepEqual(observerHealthOf(readHealthAnswer(503, '{"status":"down","detail":"database: down"}')), {
      status: "down",
      detail: "database: down",
    });
    assert.deepEqual(observerHealthOf(readHealthAnswer(200, '{"status":"down"}')), {
      status: "down",
      detail: "HTTP 200, says down",
    });
  });
});

describe("the web configuration's demo switch", () => {
  it("is on unless SAGASCOPE_DEMO=off, and refuses anything but on or off", () => {
    assert.equal(webConfigSchema.parse({ KAFKA_BROKERS: "127.0.0.1:9" }).demo, true);
    assert.equal(webConfigSchema.parse({ KAFKA_BROKERS: "127.0.0.1:9", SAGASCOPE_DEMO: "off" }).demo, false);
    assert.equal(webConfigSchema.safeParse({ KAFKA_BROKERS: "127.0.0.1:9", SAGASCOPE_DEMO: "no" }).success, false);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { alignJourneys, hopDiff, totalDiff } from "./compare";
import { compareGraphs, compareModel, SIDE_COLOR } from "./compareGraph";
import { HAPPY, HAPPY_ORCH, NO_BALANCE, NO_BALANCE_ORCH, OUT_OF_STOCK, sagaEvents } from "../../shared/fixtures";
import { buildJourney } from "./journey";
import type { FixtureStep } from "../../shared/fixtures";

const journey = (path: FixtureStep[], opts: { kafkaMs?: number; handlerMs?: number; outboxMs?: number } = {}) =>
  buildJourney(sagaEvents(path, opts), Date.now());
const row = (r: ReturnType<typeof alignJourneys>[number]) => [r.name, r.a?.n ?? null, r.b?.n ?? null, r.verdict];

describe("alignJourneys", () => {
  it("pairs the same hops of two happy orders and says which was slower, by how much and where", () => {
    const rows = alignJourneys(journey(HAPPY), journey(HAPPY, { kafkaMs: 35 }));
    assert.deepEqual(rows.map(row), [
      ["order-create", 1, 1, "same time"],
      ["stock-decrease", 2, 2, "B slower by 25 ms (mostly Kafka wait)"],
      ["pay-complete", 3, 3, "B slower by 25 ms (mostly Kafka wait)"],
      ["order-complete", 4, 4, "B slower by 25 ms (mostly Kafka wait)"],
      ["notification-send", 5, 5, "B slower by 25 ms (mostly Kafka wait)"],
    ]);
    assert.equal(rows[1].diff?.diffMs, 25);
    assert.equal(rows[1].diff?.slower, "b");
  });

  it("names A when A is the slower one, and the handler when that is where the time went", () => {
    const rows = alignJourneys(journey(HAPPY, { handlerMs: 1_500 }), journey(HAPPY));
    assert.equal(rows[2].verdict, "A slower by 1.50 s (mostly handler)");
    assert.equal(rows[2].diff?.diffMs, -1_495);
  });

  it("keeps the branches two orders did not share one-sided, between the hops they did", () => {
    const rows = alignJourneys(journey(HAPPY), journey(OUT_OF_STOCK));
    assert.deepEqual(rows.map(row), [
      ["order-create", 1, 1, "same time"],
      ["stock-decrease", 2, null, "only A"],
      ["pay-complete", 3, null, "only A"],
      ["order-complete", 4, null, "only A"],
      ["stock-decrease-fail", null, 2, "only B"],
      ["order-cancel", null, 3, "only B"],
      ["notification-send", 5, 4, "same time"],
    ]);
  });

  it("aligns a compensated order against a happy one on the hops they share", () => {
    const rows = alignJourneys(journey(NO_BALANCE), journey(HAPPY));
    const shared = rows.filter((r) => r.a && r.b).map((r) => r.name);
    assert.deepEqual(shared, ["order-create", "stock-decrease", "notification-send"]);
    assert.equal(rows.length, 6 + 5 - 3);
  });

  it("handles an order with no events yet", () => {
    const rows = alignJourneys(buildJourney([], Date.now()), journey(HAPPY));
    assert.deepEqual(
      rows.map((r) => r.verdict),
      ["only B", "only B", "only B", "only B", "only B"],
    );
    assert.equal(totalDiff(buildJourney([], Date.now()), journey(HAPPY)), null);
  });
});

describe("hopDiff and totalDiff", () => {
  it("calls differences under a millisecond the same time", () => {
    const t = { startMs: 0, endMs: 10, kafkaWaitMs: 4, handlerMs: 3, outboxMs: 3, totalMs: 10 };
    const d = hopDiff(t, { ...t, totalMs: 10.4, outboxMs: 3.4 });
    assert.deepEqual([d.slower, d.mostly, d.verdict], [null, null, "same time"]);
  });

  it("compares the whole sagas", () => {
    const d = totalDiff(journey(HAPPY, { outboxMs: 13 }), journey(HAPPY));
    assert.equal(d?.slower, "a");
    assert.equal(d?.verdict, "A slower by 50 ms");
  });
});

describe("compareModel", () => {
  it("draws each order's path in its colour, a shared topic twice, and greys what neither took", () => {
    const { nodes, edges } = compareModel(journey(HAPPY), journey(NO_BALANCE));
    const byId = new Map(edges.map((e) => [e.id, e]));
    assert.equal(byId.get("a:stock-decrease")?.color, SIDE_COLOR.a);
    assert.equal(byId.get("b:stock-decrease")?.color, SIDE_COLOR.b);
    assert.notEqual(byId.get("a:stock-decrease")?.bend, byId.get("b:stock-decrease")?.bend);
    assert.equal(byId.get("a:pay-complete")?.ariaLabel, "pay-complete: order A step 3, 18 ms");
    assert.equal(byId.has("b:pay-complete"), false);
    assert.equal(byId.get("b:pay-fail")?.ariaLabel, "pay-fail (failure): order B step 3, 18 ms");
    assert.equal(byId.get("b:stock-restore")?.kind, "compensation");
    assert.deepEqual(
      [byId.get("stock-decrease-fail")?.taken, byId.get("stock-decrease-fail")?.ariaLabel],
      [false, "stock-decrease-fail (failure): taken by neither order"],
    );
    const balance = nodes.find((n) => n.id === "balance")!;
    assert.equal(balance.ariaLabel, "Balance service: order A completed, order B failed");
    assert.equal(balance.tone, "failed");
    assert.deepEqual(balance.facts, [
      { label: "A steps", value: "3" },
      { label: "B steps", value: "3" },
    ]);
  });
});

describe("an orchestration order beside a choreography one", () => {
  it("pairs a reply with the event it stands for, and the orchestrator's first command and notice with order-create and order-complete", () => {
    const rows = alignJourneys(journey(HAPPY), journey(HAPPY_ORCH));
    assert.deepEqual(rows.map(row), [
      ["order-create / stock-command (take)", 1, 1, "same time"],
      ["stock-decrease / saga-reply (stock-decrease)", 2, 2, "same time"],
      ["balance-command (charge)", null, 3, "only B"],
      ["pay-complete / saga-reply (pay-complete)", 3, 4, "same time"],
      ["order-complete / notification-command (completed)", 4, 5, "same time"],
      ["notification-send / saga-reply (notification-send)", 5, 6, "same time"],
    ]);
  });

  it("draws each order on its own mode's graph, in its colour", () => {
    const graphs = compareGraphs(journey(NO_BALANCE), journey(NO_BALANCE_ORCH));
    assert.deepEqual(
      graphs.map((g) => [g.mode, g.label]),
      [
        ["choreography", "Order A on the choreography graph"],
        ["orchestration", "Order B on the orchestration graph"],
      ],
    );
    const restore = graphs[1].edges.find((e) => e.edge === "stock-command:restore")!;
    assert.deepEqual(
      [restore.id, restore.color, restore.kind, restore.ariaLabel],
      [
        "b:stock-command:restore",
        SIDE_COLOR.b,
        "compensation",
        "stock-command (restore) (compensation): order B step 5, 18 ms",
      ],
    );
    assert.equal(
      graphs[1].edges.find((e) => e.edge === "saga-reply:pay-complete")!.ariaLabel,
      "saga-reply (pay-complete): not taken by order B",
    );
    assert.equal(graphs[0].nodes.find((n) => n.id === "stock")!.ariaLabel, "Stock service: order A compensated");
    assert.equal(
      compareGraphs(journey(HAPPY_ORCH), journey(NO_BALANCE_ORCH)).length,
      1,
      "one graph when both orders share a mode",
    );
  });
});

// The diagram is checked with Mermaid's own parser: it must parse, and the statements it yields
// must be exactly the ones built (escaped user text cannot add, end or redirect any).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import mermaid from "mermaid";
import {
  HAPPY,
  HAPPY_ORCH,
  NO_BALANCE,
  NO_BALANCE_ORCH,
  OUT_OF_STOCK,
  orderView,
  TIMED_OUT_AFTER_PAYMENT,
  TIMED_OUT_ORCH,
} from "../shared/fixtures";
import type { FixtureStep } from "../shared/fixtures";
import { buildOrderTrace } from "./trace";
import { mermaidText, traceToMermaid } from "./trace-mermaid";

type Message = { from?: string; to?: string; message: string; type: number };
type SequenceDb = {
  getMessages(): Message[];
  getActors(): Map<string, { description: string }>;
  LINETYPE: { SOLID: number; DOTTED: number; NOTE: number; SOLID_CROSS: number };
};

// Mermaid keeps entity codes encoded until it draws; decode them to compare with the input.
const decode = (s: string) => s.replace(/ﬂ°°(\d+)¶ß/g, (_m, code: string) => String.fromCodePoint(Number(code)));

async function parse(text: string) {
  await mermaid.parse(text);
  const db = (await mermaid.mermaidAPI.getDiagramFromText(text)).db as unknown as SequenceDb;
  const messages = db.getMessages().map((m) => ({ ...m, message: decode(m.message) }));
  const arrows = messages.filter((m) => m.type !== db.LINETYPE.NOTE);
  const notes = messages.filter((m) => m.type === db.LINETYPE.NOTE).map((m) => m.message);
  const actors = [...db.getActors().values()].map((a) => decode(a.description));
  return { db, arrows, notes, actors };
}

const diagram = (path: FixtureStep[], opts: Parameters<typeof orderView>[1] = {}) => {
  const view = orderView(path, opts);
  return { view, text: traceToMermaid(buildOrderTrace(view)) };
};

describe("traceToMermaid", () => {
  it("draws the happy path as publishes and deliveries between services and topics", async () => {
    const { view, text } = diagram(HAPPY);
    const { db, arrows, notes, actors } = await parse(text);
    assert.deepEqual(actors, [
      "Order service",
      "topic order-create",
      "Stock service",
      "topic stock-decrease",
      "Balance service",
      "topic pay-complete",
      "topic order-complete",
      "Notification service",
      "topic notification-send",
    ]);
    assert.equal(arrows.length, 5 + 4, "five publishes, four deliveries");
    assert.ok(arrows.every((a) => a.type === db.LINETYPE.SOLID));
    assert.deepEqual(arrows[0], {
      ...arrows[0],
      from: "s_order",
      to: "t_order_create",
      message: "step 1 order-create: handler –, outbox 3 ms",
    });
    assert.deepEqual(arrows[1], {
      ...arrows[1],
      from: "t_order_create",
      to: "s_stock",
      message: "order-create delivered after 10 ms in Kafka",
    });
    assert.deepEqual(notes, [
      `Order ${view.orderId}, user u-alice, p-tea x 2`,
      "COMPLETED after 75 ms, Kafka 40 ms, handlers 20 ms, outbox 15 ms",
    ]);
  });

  it("marks an out-of-stock failure and the cancel with dotted arrows and notes", async () => {
    const { text } = diagram(OUT_OF_STOCK, { detail: "only 1 left" });
    const { db, arrows, notes, actors } = await parse(text);
    assert.equal(actors.includes("Balance service"), false);
    const publish = (topic: string) => arrows.find((a) => a.to === `t_${topic.replaceAll("-", "_")}`)!;
    assert.equal(publish("stock-decrease-fail").type, db.LINETYPE.DOTTED);
    assert.equal(publish("order-cancel").type, db.LINETYPE.DOTTED);
    assert.equal(publish("order-create").type, db.LINETYPE.SOLID);
    assert.deepEqual(notes.slice(1, 3), ["failure: stock-decrease-fail", "compensation: order-cancel"]);
    assert.match(notes.at(-1)!, /^CANCELLED \(out of stock: only 1 left\) after /);
  });

  it("shows a failed payment's compensation: the stock put back, then the cancel", async () => {
    const { text } = diagram(NO_BALANCE);
    const { db, arrows, notes } = await parse(text);
    const restore = arrows.filter((a) => a.to === "t_stock_restore" || a.from === "t_pay_fail");
    assert.deepEqual(
      restore.map((a) => [a.from, a.to, a.type]),
      [
        ["t_pay_fail", "s_stock", db.LINETYPE.DOTTED],
        ["s_stock", "t_stock_restore", db.LINETYPE.DOTTED],
      ],
    );
    assert.deepEqual(
      notes.filter((n) => /^(failure|compensation):/.test(n)),
      ["failure: pay-fail", "compensation: stock-restore", "compensation: order-cancel"],
    );
    assert.match(notes.at(-1)!, /^CANCELLED \(insufficient balance\)/);
  });

  it("draws a time-out's cancel delivered to stock, balance and notification, with the refund", async () => {
    const { text } = diagram(TIMED_OUT_AFTER_PAYMENT);
    const { db, arrows, notes } = await parse(text);
    const fromCancel = arrows.filter((a) => a.from === "t_order_cancel");
    assert.deepEqual(
      fromCancel.map((a) => [a.to, a.type]),
      [
        ["s_stock", db.LINETYPE.DOTTED],
        ["s_balance", db.LINETYPE.DOTTED],
        ["s_notification", db.LINETYPE.DOTTED],
      ],
    );
    assert.equal(
      arrows.some((a) => a.to === "t_order_cancel" && a.from === "s_order"),
      true,
    );
    assert.ok(notes.includes("compensation: pay-refund"));
    assert.match(notes.at(-1)!, /^CANCELLED \(timeout\)/);
  });

  it("escapes user text so that it cannot break or add to the diagram", async () => {
    const evil =
      'u;x\n  s_order->>s_stock: injected\n%%{init: {"securityLevel":"loose"}}%%#35; <img src=x onerror=alert(1)> end';
    const product = "p-1;Note over s_order: injected";
    const { view, text } = diagram(OUT_OF_STOCK, { userId: evil, productId: product, detail: "--> #; }" });
    assert.equal(text.includes("injected\n"), false);
    const { arrows, notes } = await parse(text);
    assert.equal(arrows.length, 4 + 3);
    assert.equal(
      arrows.some((a) => a.message.includes("injected")),
      false,
    );
    assert.equal(notes[0], `Order ${view.orderId}, user ${evil}, ${product} x 2`);
    assert.match(notes.at(-1)!, /\(out of stock: --> #; }\)/);
  });

  it("draws an orchestrated order as commands from the orchestrator and replies back, no topic participants", async () => {
    const { view, text } = diagram(HAPPY_ORCH);
    const { db, arrows, notes, actors } = await parse(text);
    assert.deepEqual(actors, [
      "Orchestrator (order service)",
      "Stock service",
      "Balance service",
      "Notification service",
    ]);
    assert.deepEqual(
      arrows.map((a) => [a.from, a.to, a.type]),
      [
        ["s_order", "s_stock", db.LINETYPE.SOLID],
        ["s_stock", "s_order", db.LINETYPE.SOLID],
        ["s_order", "s_balance", db.LINETYPE.SOLID],
        ["s_balance", "s_order", db.LINETYPE.SOLID],
        ["s_order", "s_notification", db.LINETYPE.SOLID],
        ["s_notification", "s_order", db.LINETYPE.SOLID],
      ],
    );
    assert.equal(arrows[0].message, "step 1 stock-command (take): handler –, outbox 3 ms, then 10 ms in Kafka");
    assert.equal(arrows[5].message, "step 6 saga-reply (notification-send): handler 5 ms, outbox 3 ms");
    assert.deepEqual(notes, [
      `Order ${view.orderId}, user u-alice, p-tea x 2`,
      "COMPLETED after 93 ms, Kafka 50 ms, handlers 25 ms, outbox 18 ms",
    ]);
  });

  it("marks an orchestrated payment failure and the compensating commands and replies", async () => {
    const { text } = diagram(NO_BALANCE_ORCH);
    const { db, arrows, notes } = await parse(text);
    const dotted = arrows.filter((a) => a.type === db.LINETYPE.DOTTED).map((a) => [a.from, a.to]);
    assert.deepEqual(dotted, [
      ["s_balance", "s_order"],
      ["s_order", "s_stock"],
      ["s_stock", "s_order"],
      ["s_order", "s_notification"],
    ]);
    assert.deepEqual(
      notes.filter((n) => /^(failure|compensation):/.test(n)),
      [
        "failure: saga-reply (pay-fail)",
        "compensation: stock-command (restore)",
        "compensation: saga-reply (stock-restore)",
        "compensation: notification-command (cancelled)",
      ],
    );
    assert.match(notes.at(-1)!, /^CANCELLED \(insufficient balance\)/);
  });

  it("says once that an orchestrated time-out sent its commands without a reply", async () => {
    const { text } = diagram(TIMED_OUT_ORCH);
    const { arrows, notes } = await parse(text);
    assert.equal(notes.filter((n) => n === "sent by the time-out, without a reply before it").length, 1);
    assert.deepEqual(
      arrows.filter((a) => a.from === "s_order").map((a) => a.to),
      ["s_stock", "s_balance", "s_balance", "s_stock", "s_notification"],
    );
    assert.match(notes.at(-1)!, /^CANCELLED \(timeout\)/);
  });

  it("leaves letters, digits and plain marks alone and encodes the rest", () => {
    assert.equal(mermaidText("p-mouse 2 (a, b) u@x.io"), "p-mouse 2 (a, b) u@x.io");
    assert.equal(mermaidText("a;b#c:d\n<>%"), "a#59;b#35;c:d#10;#60;#62;#37;");
    assert.equal(mermaidText("😀"), "#128512;");
  });
});

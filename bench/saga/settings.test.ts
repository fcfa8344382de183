import assert from "node:assert/strict";
import { it } from "node:test";
import { mixPlan, orderBody } from "./load";
import { parseSettings } from "./settings";

it("defaults to an open loop of 100/s with the saga's three outcomes", () => {
  const s = parseSettings([]);
  assert.equal(s.loop, "open");
  assert.equal(s.rate, 100);
  assert.deepEqual(s.mix, { happy: 70, stock: 15, points: 15 });
  assert.equal(s.durable, "on");
});

it("takes a closed loop, a mix and the cluster's shape", () => {
  const s = parseSettings([
    "--concurrency",
    "64",
    "--mix",
    "happy:100",
    "--instances",
    "2",
    "--partitions",
    "16",
    "--durable",
    "off",
  ]);
  assert.equal(s.loop, "closed");
  assert.equal(s.rate, undefined);
  assert.deepEqual(s.mix, { happy: 100, stock: 0, points: 0 });
  assert.equal(s.instances, 2);
  assert.equal(s.partitions, 16);
});

it("refuses what it cannot run, saying which flag", () => {
  assert.throws(() => parseSettings(["--mix", "happy:70,lucky:30"]), /--mix: mix part "lucky:30"/);
  assert.throws(() => parseSettings(["--rate", "-5"]), /--rate/);
  assert.throws(() => parseSettings(["--durable", "maybe"]), /--durable/);
});

it("spreads the mix evenly over every 100 orders", () => {
  const plan = mixPlan({ happy: 70, stock: 15, points: 15 });
  assert.equal(plan.length, 100);
  assert.equal(plan.filter((k) => k === "happy").length, 70);
  assert.equal(plan.filter((k) => k === "stock").length, 15);
  // Any 20 orders in a row hold each kind.
  for (let i = 0; i + 20 <= 100; i++) assert.ok(plan.slice(i, i + 20).includes("points"));
});

it("builds a body per kind on spread rows", () => {
  assert.equal(orderBody("stock", 3).items[0]!.productId, "b-scarce");
  assert.equal(orderBody("points", 3).userId, "b-poor");
  assert.notEqual(orderBody("happy", 1).items[0]!.productId, orderBody("happy", 2).items[0]!.productId);
});

it("runs one saga design, or both on the same mix", () => {
  assert.deepEqual(parseSettings([]).modes, ["choreography"]);
  assert.deepEqual(parseSettings(["--mode", "orchestration"]).modes, ["orchestration"]);
  assert.deepEqual(parseSettings(["--mode", "both"]).modes, ["choreography", "orchestration"]);
  assert.throws(() => parseSettings(["--mode", "central"]), /--mode/);
});

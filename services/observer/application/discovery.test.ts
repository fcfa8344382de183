import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseDefinition, type KafkaTopicInfo } from "../../../contracts/sagas";
import { toSagaError } from "../../kit/errors";
import { instances } from "../domain/discovery/testing";
import { discovery } from "./discovery";

const records = instances(20, (i) => [
  ["shop.orders", { type: "Placed" }],
  ["shop.payments", { type: i % 2 ? "Paid" : "Refused" }],
]);
const cluster: KafkaTopicInfo[] = [
  { name: "shop.orders", partitions: 1, records: 20, groups: ["payments", "sagascope.observer.shop"] },
  { name: "shop.payments", partitions: 1, records: 20, groups: [] },
];

function use(cut = false) {
  const asked: unknown[] = [];
  const d = discovery({
    topics: async () => cluster,
    sample: async (req) => {
      asked.push(req);
      return { records: records.filter((r) => req.topics.includes(r.topic)), unreadable: {}, cut };
    },
  });
  return { d, asked };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => assert.fail("should have failed"),
    (e: unknown) => toSagaError(e),
  );

describe("the discovery use case", () => {
  it("samples the topics that exist with the request's limits and answers the definition and its YAML", async () => {
    const { d, asked } = use();
    const a = await d.discover({ topics: ["shop.orders", "shop.payments", "shop.orders"], maxRecords: 100 });
    assert.deepEqual(asked, [{ topics: ["shop.orders", "shop.payments"], maxRecords: 100, seconds: 10 }]);
    assert.ok(a.definition);
    const again = parseDefinition(a.yaml);
    assert.ok(again.ok && JSON.stringify(again.definition) === JSON.stringify(a.definition), a.yaml);
    // SagaScope's own groups are not the saga's consumers.
    assert.deepEqual(a.evidence.steps.find((s) => s.topic === "shop.orders")?.to, ["payments"]);
  });

  it("names a topic that does not exist, and answers 404 when none does", async () => {
    const { d } = use();
    const a = await d.discover({ topics: ["shop.orders", "shop.payments", "shop.gone"] });
    assert.ok(a.evidence.problems.includes("topic shop.gone does not exist"));
    const e = await failure(d.discover({ topics: ["nope", "gone"] }));
    assert.equal(e.httpStatus, 404);
    assert.match(e.message, /nope, gone/);
  });

  it("refuses a bad request with the fields at fault", async () => {
    const { d, asked } = use();
    for (const body of [
      { topics: Array.from({ length: 500 }, (_, i) => `t${i}`) },
      { topics: ["shop.orders"], maxRecords: 1e9 },
      { topics: ["shop.orders"], seconds: 31 },
      { topics: [] },
      { topics: ["shop.orders"], other: true },
      null,
    ]) {
      const e = await failure(d.discover(body));
      assert.equal(e.httpStatus, 400, JSON.stringify(body));
      assert.ok(Array.isArray(e.details) && e.details.length > 0);
    }
    assert.equal(asked.length, 0, "nothing is read for a bad request");
  });

  it("says when the time limit cut the sample", async () => {
    const a = await use(true).d.discover({ topics: ["shop.orders", "shop.payments"] });
    assert.ok(a.evidence.problems.some((p) => p.includes("time limit")));
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseDefinition, type DiscoveredStep } from "../../contracts/sagas";
import { canSetName, definitionSummary, placeIssues, sampledPerStep, textChange, withName, yamlName } from "./proposal";

const TEXT = `# proposed from 3 topics
name: orders-proposed
correlation: { key: long }
services:
  - { id: order, groups: [orders-streams] }
steps:
  - { id: order-new, topic: orders, match: { path: status, equals: NEW }, from: order }
  - { id: payment-accepted, topic: payment-orders, from: payment, to: [order] }
  - { id: order-confirmed, topic: orders, match: { path: status, equals: CONFIRMED }, from: order, ends: COMPLETED }
`;

const discovered: DiscoveredStep[] = [
  { id: "order-new", topic: "orders", match: null, records: 40, from: "order", to: ["payment"], toInferred: true },
  {
    id: "payment-accepted",
    topic: "payment-orders",
    match: null,
    records: 30,
    from: "payment",
    to: ["order"],
    toInferred: false,
  },
];

const definition = () => {
  const r = parseDefinition(TEXT);
  assert.ok(r.ok);
  return r.definition;
};

describe("definitionSummary", () => {
  it("draws the definition as the saga pages do, consumers left out taken from what discovery saw", () => {
    const s = definitionSummary(definition(), discovered);
    assert.equal(s.name, "orders-proposed");
    assert.equal(s.title, "orders-proposed");
    assert.deepEqual(
      s.services.map((x) => x.id),
      ["order", "payment"],
    );
    const [neu, pay, done] = s.steps;
    assert.deepEqual([neu!.to, neu!.toInferred], [["payment"], true]);
    assert.deepEqual([pay!.to, pay!.toInferred], [["order"], false]);
    assert.equal(done!.ends, "COMPLETED");
    assert.deepEqual(done!.to, ["payment"], "the same topic's readers");
  });
  it("leaves a step nobody was seen reading without consumers", () => {
    const s = definitionSummary(definition(), []);
    assert.deepEqual(s.steps[0]!.to, []);
  });
});

describe("sampledPerStep", () => {
  it("gives discovery's count per step and 0 for a step the person added", () => {
    assert.deepEqual(sampledPerStep(definition(), discovered), {
      "order-new": 40,
      "payment-accepted": 30,
      "order-confirmed": 0,
    });
  });
});

describe("placeIssues", () => {
  it("puts a field's issue on that field's text", () => {
    const text = TEXT.replace("topic: payment-orders", "topic: pay ment");
    const r = parseDefinition(text);
    assert.ok(!r.ok);
    const [issue] = placeIssues(text, r.issues);
    assert.equal(issue!.field, "steps.1.topic");
    assert.equal(text.slice(issue!.from, issue!.to), "pay ment");
    assert.equal(issue!.line, 8);
  });
  it("puts an issue about a missing field on its parent's first line", () => {
    const text = TEXT.replace("correlation: { key: long }\n", "");
    const r = parseDefinition(text);
    assert.ok(!r.ok);
    const placed = placeIssues(text, r.issues);
    assert.equal(placed[0]!.field, "correlation");
    assert.equal(placed[0]!.line, 1);
  });
  it("puts a YAML syntax error on the line the parser names", () => {
    const text = "name: x\nsteps: [\n  - a\n";
    const r = parseDefinition(text);
    assert.ok(!r.ok);
    const placed = placeIssues(text, r.issues);
    assert.equal(placed[0]!.field, "(file)");
    const m = /^line (\d+):/.exec(placed[0]!.message);
    assert.ok(m, placed[0]!.message);
    assert.equal(placed[0]!.line, Number(m[1]));
  });
});

describe("yamlName and withName", () => {
  it("reads the name", () => {
    assert.equal(yamlName(TEXT), "orders-proposed");
    assert.equal(yamlName("- a\n- b\n"), "");
    assert.equal(yamlName("name: 42\n"), "");
  });
  it("writes the name and keeps the comments and the rest", () => {
    const out = withName(TEXT, "java-orders");
    assert.equal(yamlName(out), "java-orders");
    assert.ok(out.startsWith("# proposed from 3 topics\nname: java-orders\n"));
    assert.equal(out.replace("java-orders", "orders-proposed"), TEXT);
  });
  it("leaves a text that does not parse as it is", () => {
    assert.equal(withName("name: [\n", "x"), "name: [\n");
    assert.equal(withName("- a\n", "x"), "- a\n");
  });
});

describe("withName on a file without a name", () => {
  it("adds it as the first key, after the leading comments", () => {
    const out = withName("# a saga\ntitle: T\nsteps: []\n", "new saga");
    assert.equal(out, '# a saga\nname: "new saga"\ntitle: T\nsteps: []\n');
    assert.equal(yamlName(out), "new saga");
  });
});

describe("canSetName", () => {
  it("is true for a block mapping, or a flow one that has a name already", () => {
    assert.equal(canSetName(TEXT), true);
    assert.equal(canSetName("title: T\n"), true);
    assert.equal(canSetName("{ name: a }"), true);
  });
  it("is false for text that does not parse or is not a mapping", () => {
    assert.equal(canSetName("name: [\n"), false);
    assert.equal(canSetName("- a\n"), false);
    assert.equal(canSetName("{ title: a }"), false);
  });
});

describe("placeIssues on unknown keys", () => {
  it("puts an unknown key's issue on that key, at the top or inside a step", () => {
    for (const [text, key] of [
      [`${TEXT}bogusField: 1\n`, "bogusField"],
      [TEXT.replace("from: payment, to: [order]", "from: payment, tu: [order]"), "tu"],
    ] as const) {
      const r = parseDefinition(text);
      assert.ok(!r.ok);
      const [issue] = placeIssues(text, r.issues);
      assert.equal(text.slice(issue!.from, issue!.to), key, issue!.message);
    }
  });
  it("gives no line to a whole-file issue it cannot place", () => {
    const [issue] = placeIssues("x", [{ field: "(file)", message: "must be a mapping" }]);
    assert.equal(issue!.line, null);
  });
});

describe("textChange", () => {
  it("replaces only the part that differs", () => {
    assert.equal(textChange("abc", "abc"), null);
    assert.deepEqual(textChange("name: a\nx: 1\n", "name: bcd\nx: 1\n"), { from: 6, to: 7, insert: "bcd" });
    assert.deepEqual(textChange("aaa", "aaaa"), { from: 3, to: 3, insert: "a" });
    assert.deepEqual(textChange("abc", ""), { from: 0, to: 3, insert: "" });
  });
});

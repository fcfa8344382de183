import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { KafkaTopicInfo } from "../../contracts/sagas";
import { filterTopics, groupsText, keepKnown, recordsText, toggleTopic } from "./topicPicker";

const t = (name: string): KafkaTopicInfo => ({ name, partitions: 1, records: 0, groups: [] });
const topics = [t("stock-orders"), t("orders"), t("payment-orders"), t("bank.transfers")];

describe("filterTopics", () => {
  it("keeps every topic for a blank query, in name order", () => {
    assert.deepEqual(
      filterTopics(topics, "  ").map((x) => x.name),
      ["bank.transfers", "orders", "payment-orders", "stock-orders"],
    );
  });
  it("needs every word in the name, whatever the case", () => {
    assert.deepEqual(
      filterTopics(topics, "ORD pay").map((x) => x.name),
      ["payment-orders"],
    );
    assert.deepEqual(
      filterTopics(topics, "orders").map((x) => x.name),
      ["orders", "payment-orders", "stock-orders"],
    );
    assert.deepEqual(filterTopics(topics, "nothing"), []);
  });
  it("reads a regular-expression-looking query literally", () => {
    assert.deepEqual(
      filterTopics([...topics, t("a.*b")], ".*").map((x) => x.name),
      ["a.*b"],
    );
  });
});

describe("toggleTopic and keepKnown", () => {
  it("adds in the order chosen and removes on a second toggle", () => {
    assert.deepEqual(toggleTopic(toggleTopic([], "orders"), "stock-orders"), ["orders", "stock-orders"]);
    assert.deepEqual(toggleTopic(["orders", "stock-orders"], "orders"), ["stock-orders"]);
  });
  it("drops chosen topics the list no longer has", () => {
    assert.deepEqual(keepKnown(["orders", "gone"], topics), ["orders"]);
  });
});

describe("recordsText and groupsText", () => {
  it("shortens big counts", () => {
    assert.equal(recordsText(950), "950");
    assert.equal(recordsText(4200), "4.2 k");
    assert.equal(recordsText(42_000), "42 k");
    assert.equal(recordsText(1_234_567), "1.2 M");
    assert.equal(recordsText(12_345_678), "12 M");
  });
  it("lists a few groups, then how many more", () => {
    assert.equal(groupsText([]), "none");
    assert.equal(groupsText(["a", "b"]), "a, b");
    assert.equal(groupsText(["a", "b", "c", "d", "e"]), "a, b, c and 2 more");
  });
});

// The embedded broker's settings: ports, the quorum, replication that fits the node count.
import assert from "node:assert/strict";
import { it } from "node:test";
import { newClusterId, nodeAddresses, serverProperties, toPropertiesFile } from "./kafka-config";

it("gives each node its own client and controller port, and every node the same voters", () => {
  const nodes = nodeAddresses(29292, 3);
  assert.deepEqual(
    nodes.map((n) => [n.id, n.port, n.controllerPort]),
    [
      [1, 29292, 29293],
      [2, 29294, 29295],
      [3, 29296, 29297],
    ],
  );
  const voters = nodes.map((n) => serverProperties(n, nodes, "/d")["controller.quorum.voters"]);
  assert.deepEqual(new Set(voters), new Set(["1@127.0.0.1:29293,2@127.0.0.1:29295,3@127.0.0.1:29297"]));
});

it("replicates three times with two in sync on three nodes, once on one, and never creates topics by itself", () => {
  const [one] = nodeAddresses(19092, 1);
  const single = serverProperties(one!, [one!], "/d");
  assert.equal(single["offsets.topic.replication.factor"], 1);
  assert.equal(single["min.insync.replicas"], 1);
  assert.equal(single["auto.create.topics.enable"], false);
  const three = nodeAddresses(1, 3);
  const p = serverProperties(three[1]!, three, "/d");
  assert.equal(p["default.replication.factor"], 3);
  assert.equal(p["min.insync.replicas"], 2);
  assert.equal(p["transaction.state.log.min.isr"], 2);
  assert.equal(p["controlled.shutdown.enable"], true);
  assert.match(String(p.listeners), /^PLAINTEXT:\/\/127\.0\.0\.1:3,CONTROLLER:\/\/127\.0\.0\.1:4$/);
});

it("draws cluster ids of 22 URL-safe characters that never start with a dash", () => {
  let calls = 0;
  const id = newClusterId((n) => Buffer.alloc(n, calls++ === 0 ? 0xfb : 0x41)); // 0xfb... encodes to "-..."
  assert.equal(calls, 2, "the id starting with '-' was drawn again");
  assert.match(id, /^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  assert.equal(toPropertiesFile({ a: 1, b: true }), "a=1\nb=true\n");
});

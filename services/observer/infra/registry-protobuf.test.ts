import assert from "node:assert/strict";
import { describe, it } from "node:test";
import protobuf from "protobufjs";
import { protobufReader } from "./registry-protobuf";

const common = `syntax = "proto3";
package bank;
message Money { int64 cents = 1; string currency = 2; }
`;
const schema = `syntax = "proto3";
package bank;
import "google/protobuf/timestamp.proto";
import "bank/common.proto";
import "confluent/meta.proto";

enum Status { STATUS_UNKNOWN = 0; REQUESTED = 1; DONE = 2; }
message Header { string trace_id = 1; }
message Transfer {
  string transfer_id = 1 [(confluent.field_meta).doc = "the business id"];
  Money amount = 2;
  Status status = 3;
  bytes digest = 4;
  repeated string tags = 5;
  map<string, int64> limits = 6;
  google.protobuf.Timestamp at = 7;
  uint64 big = 8;
  double ratio = 9;
  oneof target { string iban = 10; string card = 11; }
  message Leg { sint64 delta = 1; Status status = 2; }
  repeated Leg legs = 12;
}
`;
const imports = [{ name: "bank/common.proto", schema: common }];

// The producer's side: the same .proto compiled by protobufjs, as another service would.
const producer = new protobuf.Root();
protobuf.parse(common, producer, { keepCase: true });
protobuf.parse(schema.replace(/\[\(confluent[^\]]*\]/, ""), producer, { keepCase: true });
producer.addJSON(protobuf.common.get("google/protobuf/timestamp.proto")!.nested!);
producer.resolveAll();
const Transfer = producer.lookupType("bank.Transfer");
const Leg = producer.lookupType("bank.Transfer.Leg");

describe("protobufReader", () => {
  const read = protobufReader(schema, imports);

  it("reads the message its indexes name into plain JSON, with every field", () => {
    const bytes = Transfer.encode(
      Transfer.fromObject({
        transfer_id: "t-1",
        amount: { cents: 1250, currency: "EUR" },
        status: "REQUESTED",
        digest: Buffer.from([1, 2, 255]),
        limits: { day: "9007199254740993" },
        at: { seconds: 1_700_000_000, nanos: 5 },
        big: "18446744073709551615",
        ratio: Number.POSITIVE_INFINITY,
        card: "4111",
        legs: [{ delta: -7 }],
      }),
    ).finish();
    const out = read([1], bytes); // Header is 0: enums are not counted
    assert.deepEqual(out, {
      transfer_id: "t-1",
      amount: { cents: 1250, currency: "EUR" },
      status: "REQUESTED",
      digest: "AQL/",
      tags: [],
      limits: { day: "9007199254740993" },
      at: { seconds: 1_700_000_000, nanos: 5 },
      big: "18446744073709551615",
      ratio: "Infinity",
      card: "4111",
      legs: [{ delta: -7, status: "STATUS_UNKNOWN" }],
    });
    assert.doesNotThrow(() => JSON.stringify(out));
  });

  it("reads nested and first messages by their index path", () => {
    assert.deepEqual(read([1, 0], Leg.encode(Leg.fromObject({ delta: 3, status: "DONE" })).finish()), {
      delta: 3,
      status: "DONE",
    });
    const Header = producer.lookupType("bank.Header");
    assert.deepEqual(read([0], Header.encode(Header.fromObject({ trace_id: "x" })).finish()), { trace_id: "x" });
  });

  it("fails a path the schema has no message at, and bytes that are not the message", () => {
    assert.throws(() => read([3], new Uint8Array(0)), /no message at index path \[3\]/);
    assert.throws(() => read([2, 5], new Uint8Array(0)), /no message/);
    assert.throws(() => read([1], Uint8Array.of(0x0a, 0x10, 0x41)));
    assert.throws(() => read([1], Uint8Array.of(0x0f)));
  });

  it("fails a schema whose type is nowhere: an import the registry did not give", () => {
    assert.throws(() => protobufReader(schema, []), /Money/);
  });

  it("fails text that is not .proto, and a file with no message", () => {
    assert.throws(() => protobufReader("message {"));
    assert.throws(() => protobufReader('syntax = "proto3"; enum E { A = 0; }'), /no message/);
  });

  it("reads a file without a package, and proto2 defaults", () => {
    const r = protobufReader(
      'syntax = "proto2"; message A { optional int32 n = 1 [default = 4]; required string s = 2; }',
    );
    const A = protobuf
      .parse('syntax = "proto2"; message A { optional int32 n = 1 [default = 4]; required string s = 2; }')
      .root.lookupType("A");
    assert.deepEqual(r([0], A.encode(A.fromObject({ s: "x" })).finish()), { n: 4, s: "x" });
  });
});

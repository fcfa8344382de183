// The observer's schema-registry decoder against a real registry: Apicurio Registry's
// Confluent-compatible API (server/embedded/registry.ts), schemas registered through it, values
// written as a producer writes them (avsc, protobufjs, JSON text, in the wire format), read back
// as plain JSON; an id it does not have and a payload its schema cannot read are {ok:false}; and
// with the registry stopped, decode() waits and succeeds once it is started again.
// Needs no broker: it starts its own registry (build/registry, from scripts/setup.sh).
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, it } from "node:test";
import avro from "avsc";
import protobuf from "protobufjs";
import { startRegistry, type EmbeddedRegistry } from "../../server/embedded/registry";
import { registryDecoder, type RegistryDecoder } from "../../services/observer/infra/registry-decoder";
import { frame } from "../../services/observer/infra/registry-wire";

const dataDir = join(process.cwd(), ".data", `test-registry-${randomUUID().slice(0, 8)}`);
let registry: EmbeddedRegistry;
const decoders: RegistryDecoder[] = [];
const decoder = (more: Partial<Parameters<typeof registryDecoder>[0]> = {}) => {
  const d = registryDecoder({ url: registry.url, ...more });
  decoders.push(d);
  return d;
};

/** Polls a condition (never a fixed sleep) until it holds or the deadline passes. */
async function until(probe: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function register(subject: string, body: Record<string, unknown>): Promise<number> {
  const res = await fetch(`${registry.url}/subjects/${encodeURIComponent(subject)}/versions`, {
    method: "POST",
    headers: { "content-type": "application/vnd.schemaregistry.v1+json" },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as { id?: number };
  assert.equal(res.status, 200, `registering ${subject}: ${JSON.stringify(answer)}`);
  return answer.id!;
}

before(async () => {
  // Schemas in an H2 file: kept across the stop and start below, as a real registry keeps them.
  registry = await startRegistry({ dataDir, log: (m) => console.log(`[registry] ${m}`) });
});
after(async () => {
  for (const d of decoders) d.close();
  await registry?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const money = {
  type: "record",
  name: "Money",
  namespace: "bank",
  fields: [
    { name: "cents", type: "long" },
    { name: "currency", type: { type: "enum", name: "Currency", symbols: ["EUR", "USD"] } },
  ],
};
const transfer = {
  type: "record",
  name: "TransferRequested",
  namespace: "bank",
  fields: [
    { name: "transferId", type: "string" },
    { name: "amount", type: "bank.Money" },
    { name: "note", type: ["null", "string"], default: null },
    { name: "fee", type: { type: "bytes", logicalType: "decimal", precision: 9, scale: 2 } },
    { name: "digest", type: "bytes" },
  ],
};
const proto = `syntax = "proto3";
package bank;
import "google/protobuf/timestamp.proto";

enum Kind { KIND_UNKNOWN = 0; DEBIT = 1; CREDIT = 2; }
message Envelope { string source = 1; }
message LedgerEntry {
  string transfer_id = 1;
  int64 cents = 2;
  Kind kind = 3;
  google.protobuf.Timestamp at = 4;
  message Line { string account = 1; uint64 seq = 2; }
  repeated Line lines = 5;
}
`;
const jsonSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  properties: { transferId: { type: "string" }, type: { type: "string" } },
  required: ["transferId"],
};

const ids = { money: 0, avro: 0, proto: 0, json: 0 };
const avroType = avro.Type.forSchema(transfer as avro.Schema, {
  registry: { "bank.Money": avro.Type.forSchema(money as avro.Schema) },
});
const protoRoot = protobuf.parse(proto, { keepCase: true }).root;
protoRoot.addJSON(protobuf.common.get("google/protobuf/timestamp.proto")!.nested!);
const LedgerEntry = protoRoot.lookupType("bank.LedgerEntry");

const avroRecord = () =>
  frame(
    ids.avro,
    avroType.toBuffer({
      transferId: "t-1",
      amount: { cents: 1250, currency: "EUR" },
      note: null,
      fee: Buffer.from([0x00, 0x96]),
      digest: Buffer.from([0xde, 0xad]),
    }),
  );
const avroJson = {
  transferId: "t-1",
  amount: { cents: 1250, currency: "EUR" },
  note: null,
  fee: "1.50",
  digest: "3q0=",
};

it("registers Avro (with a reference), Protobuf and JSON Schema schemas and decodes values written with each", async () => {
  ids.money = await register("bank.Money", { schema: JSON.stringify(money) });
  ids.avro = await register("bank.transfers-value", {
    schema: JSON.stringify(transfer),
    references: [{ name: "bank.Money", subject: "bank.Money", version: 1 }],
  });
  ids.proto = await register("bank.ledger-value", { schemaType: "PROTOBUF", schema: proto });
  ids.json = await register("bank.audit-value", { schemaType: "JSON", schema: JSON.stringify(jsonSchema) });
  assert.equal(new Set(Object.values(ids)).size, 4, `four schemas, four ids: ${JSON.stringify(ids)}`);

  const d = decoder();
  assert.deepEqual(await d.decode("bank.transfers", "avro", avroRecord()), {
    ok: true,
    value: avroJson,
    schemaId: ids.avro,
  });

  const entry = LedgerEntry.fromObject({
    transfer_id: "t-1",
    cents: "9007199254740993",
    kind: "CREDIT",
    at: { seconds: 1_700_000_000 },
    lines: [{ account: "a-1", seq: 3 }],
  });
  const protoRecord = frame(ids.proto, LedgerEntry.encode(entry).finish(), [1]);
  assert.deepEqual(await d.decode("bank.ledger", "protobuf", protoRecord), {
    ok: true,
    value: {
      transfer_id: "t-1",
      cents: "9007199254740993",
      kind: "CREDIT",
      at: { seconds: 1_700_000_000, nanos: 0 },
      lines: [{ account: "a-1", seq: 3 }],
    },
    schemaId: ids.proto,
  });
  const Line = protoRoot.lookupType("bank.LedgerEntry.Line");
  const lineRecord = frame(ids.proto, Line.encode(Line.fromObject({ account: "a-2" })).finish(), [1, 0]);
  assert.deepEqual(await d.decode("bank.ledger", "protobuf", lineRecord), {
    ok: true,
    value: { account: "a-2", seq: 0 },
    schemaId: ids.proto,
  });

  const audit = frame(ids.json, Buffer.from(JSON.stringify({ transferId: "t-1", type: "AuditNote", n: 2 })));
  assert.deepEqual(await d.decode("bank.audit", "jsonschema", audit), {
    ok: true,
    value: { transferId: "t-1", type: "AuditNote", n: 2 },
    schemaId: ids.json,
  });
});

it("gives ok:false for an id the registry does not have, a payload its schema cannot read, a value without the header", async () => {
  const d = decoder();
  const missing = await d.decode("bank.transfers", "avro", frame(987_654, Uint8Array.of(2, 0x41)));
  assert.equal(missing.ok, false);
  assert.match(missing.ok ? "" : missing.reason, /schema 987654: the registry answered 404/);

  const good = avroRecord();
  const cut = await d.decode("bank.transfers", "avro", good.subarray(0, good.length - 2));
  assert.equal(cut.ok, false);
  assert.match(cut.ok ? "" : cut.reason, new RegExp(`does not fit schema ${ids.avro}`));
  const garbage = await d.decode("bank.ledger", "protobuf", frame(ids.proto, Uint8Array.of(0x0a, 0x7f, 0x01), [1]));
  assert.equal(garbage.ok, false);
  const notJson = await d.decode("bank.audit", "jsonschema", frame(ids.json, Buffer.from("{transferId")));
  assert.equal(notJson.ok, false);
  const wrongFormat = await d.decode("bank.ledger", "avro", frame(ids.proto, Uint8Array.of(0)));
  assert.match(wrongFormat.ok ? "" : wrongFormat.reason, /is PROTOBUF, but bank.ledger is read as avro/);
  const plain = await d.decode("bank.transfers", "avro", Buffer.from('{"transferId":"t-1"}'));
  assert.match(plain.ok ? "" : plain.reason, /magic byte 123/);
});

it("waits, and says why, on a URL that names no registry API rather than counting its records undecodable", async () => {
  const warned: { error?: string }[] = [];
  const d = decoder({
    url: registry.url.replace("/apis/ccompat/v7", ""),
    log: { warn: (_m, f) => warned.push(f as { error?: string }), info: () => undefined },
  });
  const stop = new AbortController();
  const pending = d.decode("bank.transfers", "avro", avroRecord(), stop.signal);
  await until(() => warned.length >= 1, "the wrong URL to be logged");
  assert.match(warned[0].error ?? "", /404 without a registry's error/);
  stop.abort(new Error("stopping"));
  await assert.rejects(pending, /stopping/);
});

it("waits while the registry is stopped and decodes once it is started again; an abort ends the wait", async () => {
  const warned: unknown[] = [];
  const d = decoder({
    backoffMs: { first: 100, max: 1000 },
    log: { warn: (_m, f) => warned.push(f), info: () => undefined },
  });
  await registry.stop();

  let settled = false;
  const pending = d.decode("bank.transfers", "avro", avroRecord()).finally(() => (settled = true));
  // Not cached by this decoder yet: it asks, is refused, and asks again (one warning, then one in ten).
  await until(() => warned.length >= 1, "a refused attempt to be logged");
  const aborted = new AbortController();
  const other = d.decode("bank.ledger", "protobuf", frame(ids.proto, Uint8Array.of(), [0]), aborted.signal);
  aborted.abort(new Error("partition revoked"));
  await assert.rejects(other, /partition revoked/);
  assert.equal(settled, false, "decode() waits for the registry rather than giving up on the record");

  const restarted = Date.now();
  await registry.start();
  assert.deepEqual(await pending, { ok: true, value: avroJson, schemaId: ids.avro });
  console.log(`[registry] decoded ${Date.now() - restarted} ms after the restart began (${JSON.stringify(warned[0])})`);
});

it("close() ends a wait for a registry that is away", async () => {
  const d = decoder();
  await registry.stop();
  const pending = d.decode("bank.audit", "jsonschema", frame(ids.json, Buffer.from("{}")));
  d.close();
  await assert.rejects(pending, /closed/);
});

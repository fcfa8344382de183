// The decoder against a registry faked at fetch(): what it asks, what it keeps, how it waits.
// The real registry (Apicurio) is in test/integration/schema-registry.test.ts.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import avro from "avsc";
import { registryConfigFromEnv, registryDecoder, type RegistryDecoderConfig } from "./registry-decoder";
import { frame } from "./registry-wire";

const money = { type: "record", name: "Money", namespace: "bank", fields: [{ name: "cents", type: "long" }] };
const paid = {
  type: "record",
  name: "Paid",
  namespace: "bank",
  fields: [
    { name: "id", type: "string" },
    { name: "amount", type: "bank.Money" },
  ],
};
const moneyType = avro.Type.forSchema(money as avro.Schema);
const paidType = avro.Type.forSchema(paid as avro.Schema, { registry: { "bank.Money": moneyType } });

type Mode = "up" | "refuse" | "503" | "hang" | "401" | "not-a-registry";

function fakeRegistry() {
  const schemas: Record<string, unknown> = {
    "/schemas/ids/1": {
      schema: JSON.stringify(paid),
      references: [{ name: "bank.Money", subject: "money", version: 1 }],
    },
    "/subjects/money/versions/1": { subject: "money", version: 1, id: 2, schema: JSON.stringify(money) },
    "/schemas/ids/3": { schemaType: "JSON", schema: '{"type":"object"}' },
    "/schemas/ids/4": { schemaType: "PROTOBUF", schema: 'syntax = "proto3"; message A { int64 n = 1; }' },
    "/schemas/ids/5": { schemaType: "PROTOBUF", schema: "message {" },
    "/schemas/ids/6": {
      schema: JSON.stringify(paid),
      references: [{ name: "bank.Money", subject: "money", version: 9 }],
    },
  };
  const state = { mode: "up" as Mode, calls: [] as string[], auth: [] as (string | null)[] };
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(String(input));
    state.calls.push(url.pathname);
    state.auth.push(new Headers(init?.headers).get("authorization"));
    if (state.mode === "refuse") throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED") });
    if (state.mode === "hang") {
      return new Promise<Response>((_, reject) =>
        init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)),
      );
    }
    if (state.mode === "503") return new Response("<html>down</html>", { status: 503 });
    if (state.mode === "401") return new Response('{"error_code":401,"message":"Unauthorized"}', { status: 401 });
    if (state.mode === "not-a-registry") return new Response("<html>Not Found</html>", { status: 404 });
    const body = schemas[url.pathname.replace(/^\/apis\/ccompat\/v7/, "")];
    if (!body) return Response.json({ error_code: 40403, message: "Schema not found" }, { status: 404 });
    return Response.json(body);
  };
  return { state, fetch };
}

function decoder(fake: ReturnType<typeof fakeRegistry>, more: Partial<RegistryDecoderConfig> = {}) {
  return registryDecoder({
    url: "http://registry.test/apis/ccompat/v7",
    fetch: fake.fetch,
    attemptTimeoutMs: 50,
    backoffMs: { first: 1, max: 5 },
    ...more,
  });
}

const avroValue = frame(1, paidType.toBuffer({ id: "p-1", amount: { cents: 12 } }));

describe("registryDecoder", () => {
  it("decodes with the schema and its references, asked once for every record of that id", async () => {
    const fake = fakeRegistry();
    const d = decoder(fake);
    const all = await Promise.all([1, 2, 3].map(() => d.decode("pay", "avro", avroValue)));
    for (const r of all) assert.deepEqual(r, { ok: true, value: { id: "p-1", amount: { cents: 12 } }, schemaId: 1 });
    assert.deepEqual(await d.decode("pay", "avro", avroValue), all[0]);
    assert.deepEqual(fake.state.calls, [
      "/apis/ccompat/v7/schemas/ids/1",
      "/apis/ccompat/v7/subjects/money/versions/1",
    ]);
    assert.deepEqual(await d.decode("j", "jsonschema", frame(3, Buffer.from('{"a":[1]}'))), {
      ok: true,
      value: { a: [1] },
      schemaId: 3,
    });
    assert.deepEqual(await d.decode("p", "protobuf", frame(4, Uint8Array.of(0x08, 0x07), [0])), {
      ok: true,
      value: { n: 7 },
      schemaId: 4,
    });
    d.close();
  });

  it("gives ok:false, never throws, for what no retry would mend", async () => {
    const fake = fakeRegistry();
    const d = decoder(fake);
    const reason = async (format: "avro" | "protobuf" | "jsonschema", bytes: Uint8Array) => {
      const r = await d.decode("t", format, bytes);
      assert.equal(r.ok, false, JSON.stringify(r));
      return r.ok ? "" : r.reason;
    };
    assert.match(await reason("avro", Buffer.from('{"id":"p-1"}')), /magic byte 123/);
    assert.match(
      await reason("avro", frame(99, Uint8Array.of(1))),
      /schema 99: the registry answered 404: Schema not found/,
    );
    assert.match(await reason("avro", frame(99, Uint8Array.of(1))), /404/);
    assert.equal(fake.state.calls.filter((c) => c.endsWith("/ids/99")).length, 1, "a missing id is kept for a while");
    assert.match(await reason("protobuf", avroValue), /schema 1 is AVRO, but t is read as protobuf/);
    assert.match(await reason("avro", frame(1, Uint8Array.of(2, 0x41))), /does not fit schema 1/);
    assert.match(await reason("jsonschema", frame(3, Buffer.from("{not json"))), /does not fit schema 3/);
    assert.match(await reason("jsonschema", frame(3, Uint8Array.of(0x22, 0xff, 0x22))), /does not fit/);
    assert.match(await reason("protobuf", frame(4, Uint8Array.of(0x08, 0x07), [1])), /no message at index path \[1\]/);
    assert.match(await reason("protobuf", frame(5, Uint8Array.of(0))), /schema 5 \(PROTOBUF\) cannot be read/);
    assert.match(
      await reason("avro", frame(6, Uint8Array.of(0))),
      /schema 6: its reference bank.Money \(money version 9\): the registry answered 404/,
    );
    d.close();
  });

  for (const mode of ["refuse", "503", "hang", "401", "not-a-registry"] as const) {
    it(`waits out a registry that does not answer (${mode}) and decodes once it does`, async () => {
      const fake = fakeRegistry();
      fake.state.mode = mode;
      const warnings: unknown[] = [];
      const d = decoder(fake, { log: { warn: (_m, f) => warnings.push(f), info: () => undefined } });
      const pending = d.decode("pay", "avro", avroValue);
      while (fake.state.calls.length < 3) await new Promise((r) => setTimeout(r, 5));
      fake.state.mode = "up";
      assert.deepEqual(await pending, { ok: true, value: { id: "p-1", amount: { cents: 12 } }, schemaId: 1 });
      assert.ok(warnings.length >= 1);
      d.close();
    });
  }

  it("stops waiting when the caller's signal or close() aborts, and asks afresh afterwards", async () => {
    const fake = fakeRegistry();
    fake.state.mode = "refuse";
    const d = decoder(fake);
    const stop = new AbortController();
    const pending = d.decode("pay", "avro", avroValue, stop.signal);
    while (fake.state.calls.length < 2) await new Promise((r) => setTimeout(r, 5));
    stop.abort(new Error("partition revoked"));
    await assert.rejects(pending, /partition revoked/);
    const other = d.decode("pay", "avro", avroValue);
    d.close();
    await assert.rejects(other, /closed/);
  });

  it("sends the credentials, from SCHEMA_REGISTRY_AUTH or the URL, and nowhere in the URL", async () => {
    const fake = fakeRegistry();
    const cfg = registryConfigFromEnv({
      SCHEMA_REGISTRY_URL: "http://registry.test",
      SCHEMA_REGISTRY_AUTH: "obs:s3:cret",
    })!;
    const d = registryDecoder({ ...cfg, fetch: fake.fetch });
    await d.decode("j", "jsonschema", frame(3, Buffer.from("1")));
    assert.equal(fake.state.auth[0], `Basic ${Buffer.from("obs:s3:cret").toString("base64")}`);
    d.close();
    const fromUrl = registryDecoder({ url: "http://me:pw@registry.test", fetch: fake.fetch });
    await fromUrl.decode("j", "jsonschema", frame(3, Buffer.from("1")));
    assert.equal(fake.state.auth[1], `Basic ${Buffer.from("me:pw").toString("base64")}`);
    fromUrl.close();
  });

  it("reads its configuration from the environment, and refuses a bad one", () => {
    assert.equal(registryConfigFromEnv({}), null);
    assert.throws(() => registryConfigFromEnv({ SCHEMA_REGISTRY_URL: "registry:8081" }), /SCHEMA_REGISTRY_URL/);
    assert.throws(
      () => registryConfigFromEnv({ SCHEMA_REGISTRY_URL: "http://r", SCHEMA_REGISTRY_AUTH: "nopassword" }),
      /user:password/,
    );
  });
});

// Definitions without a restart (attach.md) on a real broker and PostgreSQL: an observer watching
// a directory takes up a file added, changed, made invalid and removed within 5 s (the removed
// saga's group deleted, its data kept), saves a definition posted to it, lists the files that are
// not definitions with why, and a second observer takes up a change as fast.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, it } from "node:test";
import type { DefinitionFiles, SagaDetail, SagaSummary, SaveDefinitionAnswer } from "../../contracts/sagas";
import { openDatabase } from "../../services/kit/db/sql";
import { observerGroupId } from "../../services/observer/config";
import { createExampleTopics } from "../../examples/bank-transfer/publish";
import { waitFor } from "./harness";
import { startObserverEnv, type ObserverEnv, type ObserverReplica } from "./observer-env";

const dir = mkdtempSync(join(tmpdir(), "sagascope-defs-"));
let env: ObserverEnv;
let topic: string;
let replica: ObserverReplica | null = null;

/** A saga over one topic, correlated by `id`; `shipped` adds a step. */
const saga = (name: string, prefix: string, shipped = false) =>
  [
    `name: ${name}`,
    "correlation: { path: id }",
    "steps:",
    `  - { id: placed, topic: ${prefix}dx.orders, match: { path: status, equals: NEW }, from: shop }`,
    ...(shipped
      ? [`  - { id: shipped, topic: ${prefix}dx.orders, match: { path: status, equals: SHIPPED }, from: depot }`]
      : []),
    `  - { id: done, topic: ${prefix}dx.orders, match: { path: status, equals: DONE }, from: shop, ends: COMPLETED }`,
    "",
  ].join("\n");

const listed = async (o: { get: ObserverEnv["get"] } = env) =>
  (await o.get<SagaSummary[]>("/sagas")).body.map((s) => s.name);
const files = async () => (await env.get<DefinitionFiles>("/sagas/_definitions")).body;
const post = async (body: unknown, headers: Record<string, string> = {}) => {
  const r = await fetch(`http://127.0.0.1:${env.observer().port}/sagas/_definitions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};
const send = (id: string, status: string) =>
  env.producer.send({ topic, messages: [{ key: id, value: JSON.stringify({ id, status }) }] });
/** Waits for a condition and says how long it took: a change must be taken up within 5 s. */
async function within5s<T>(probe: () => Promise<T | null | false | undefined>, what: string): Promise<T> {
  const t0 = Date.now();
  const v = await waitFor(probe, what, 10_000);
  assert.ok(Date.now() - t0 < 5000, `${what} took ${Date.now() - t0} ms`);
  return v;
}
async function groups(): Promise<string[]> {
  const admin = env.kafka.admin();
  await admin.connect();
  try {
    return (await admin.listGroups()).groups.map((g) => g.groupId);
  } finally {
    await admin.disconnect();
  }
}

before(async () => {
  env = await startObserverEnv({ env: { SAGA_DEFINITIONS: dir } });
  topic = `${env.prefix}dx.orders`;
  await createExampleTopics(env.kafka, [topic], 2);
  writeFileSync(join(dir, "alpha.yaml"), saga("alpha", env.prefix));
  await env.start();
});
after(async () => {
  await replica?.stop();
  await env?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it("watches the sagas of a directory named in SAGA_DEFINITIONS from the start", async () => {
  assert.deepEqual(await listed(), ["alpha"]);
  const f = await files();
  assert.deepEqual([f.directories, f.saveTo], [[dir], dir]);
  assert.deepEqual(f.files, [{ file: join(dir, "alpha.yaml"), saga: "alpha", valid: true, issues: [] }]);
});

it("takes up a file added within 5 s and reads its records", async () => {
  writeFileSync(join(dir, "beta.yml"), saga("beta", env.prefix));
  await within5s(async () => (await listed()).includes("beta"), "beta watched");
  await send("b1", "NEW");
  await send("b1", "DONE");
  const d = await waitFor(async () => {
    const x = (await env.get<SagaDetail>("/sagas/beta")).body;
    return x.counts?.COMPLETED === 1 ? x : null;
  }, "beta's instance read");
  assert.deepEqual(d.seen, { placed: 1, done: 1 });
});

it("takes up a change within 5 s, in the same group (records already read are not read again)", async () => {
  writeFileSync(join(dir, "beta.yml"), saga("beta", env.prefix, true));
  await within5s(
    async () => (await env.get<SagaDetail>("/sagas/beta")).body.steps?.some((s) => s.id === "shipped"),
    "beta's new step",
  );
  await send("b2", "NEW");
  await send("b2", "SHIPPED");
  const d = await waitFor(async () => {
    const x = (await env.get<SagaDetail>("/sagas/beta")).body;
    return x.seen.shipped === 1 && x.seen.placed === 2 ? x : null;
  }, "the new step's record read");
  assert.equal(d.records.total, 4);
  const read = [...(await env.metrics()).matchAll(/^sagascope_observer_records_read_total\{(.*)\} (\d+)$/gm)]
    .filter((m) => m[1]!.includes('saga="beta"'))
    .reduce((n, m) => n + Number(m[2]), 0);
  assert.equal(read, 4, "the committed offsets kept: b1's records were not read again");
});

it("keeps the last valid definition of a file made invalid, and lists its problems", async () => {
  writeFileSync(join(dir, "beta.yml"), saga("beta", env.prefix, true).replace("equals: SHIPPED", "equals: [oops"));
  const f = await within5s(async () => {
    const x = await files();
    return x.files.find((y) => y.file.endsWith("beta.yml") && !y.valid) ? x : null;
  }, "beta's problem listed");
  const beta = f.files.find((y) => y.file.endsWith("beta.yml"))!;
  assert.equal(beta.saga, "beta");
  assert.equal(beta.issues[0]!.field, "(file)");
  assert.match(beta.issues[0]!.message, /^line \d+: /);
  const steps = (await env.get<SagaDetail>("/sagas/beta")).body.steps.map((s) => s.id);
  assert.deepEqual(steps, ["placed", "shipped", "done"]);
  // A second file of the same name is refused, naming the file that has it.
  writeFileSync(join(dir, "beta-copy.yaml"), saga("beta", env.prefix));
  const copy = await within5s(
    async () => (await files()).files.find((y) => y.file.endsWith("beta-copy.yaml")),
    "the copy listed",
  );
  assert.deepEqual(copy.issues, [{ field: "name", message: `"beta" is already the name of ${join(dir, "beta.yml")}` }]);
  assert.equal(copy.saga, null);
  unlinkSync(join(dir, "beta-copy.yaml"));
});

it("lists what is no definition with why: too large, NUL bytes, a directory, a dangling link", async () => {
  writeFileSync(join(dir, "huge.yaml"), `name: huge\n#${"x".repeat(256 * 1024)}\n`);
  writeFileSync(join(dir, "nul.yaml"), "name: nul\0\n");
  mkdirSync(join(dir, "folder.yaml"));
  symlinkSync(join(dir, "nowhere.yaml"), join(dir, "link.yaml"));
  const why = await within5s(async () => {
    const x = (await files()).files.filter((y) => !y.valid);
    return x.length >= 4 ? new Map(x.map((y) => [y.file.slice(dir.length + 1), y.issues[0]!.message])) : null;
  }, "the four files listed");
  assert.equal(why.get("huge.yaml"), "cannot be read: is larger than 256 KiB");
  assert.equal(why.get("nul.yaml"), "cannot be read: holds NUL bytes: not a text file");
  assert.equal(why.get("folder.yaml"), "cannot be read: is a directory, not a file");
  assert.match(why.get("link.yaml")!, /^cannot be read: ENOENT/);
  assert.deepEqual(await listed(), ["alpha", "beta"]);
  for (const f of ["huge.yaml", "nul.yaml", "folder.yaml", "link.yaml"]) rmSync(join(dir, f), { recursive: true });
});

it("stops reading a saga whose file is removed, deletes its group once it left, and keeps its data", async () => {
  const group = observerGroupId(env.prefix, "beta");
  assert.ok((await groups()).includes(group), "beta's group exists while it is read");
  unlinkSync(join(dir, "beta.yml"));
  await within5s(async () => !(await listed()).includes("beta"), "beta gone from /sagas");
  assert.equal((await env.get("/sagas/beta")).status, 404);
  await waitFor(async () => !(await groups()).includes(group), "beta's group deleted", 15_000);
  const db = openDatabase(
    Object.assign(new URL(process.env.TEST_DATABASE_URL!), {
      pathname: `/${env.prefix.slice(0, -1)}_observer`,
    }).toString(),
    1,
  );
  try {
    const { rows } = await db.query<{ n: string }>("SELECT count(*) AS n FROM saga_instances WHERE saga = 'beta'");
    assert.equal(Number(rows[0]!.n), 2, "its instances are kept until retention deletes them");
  } finally {
    await db.close();
  }
});

it("saves a posted definition into the directory and watches it before answering; refuses clashes and bad input", async () => {
  const created = await post({ yaml: saga("gamma", env.prefix) });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const answer = created.body as SaveDefinitionAnswer;
  assert.deepEqual(answer, { name: "gamma", file: join(dir, "gamma.yaml") });
  assert.ok((await listed()).includes("gamma"), "in the catalog when the answer comes");
  const again = await post({ yaml: saga("gamma", env.prefix) });
  assert.deepEqual([again.status, again.body.error], [409, "CONFLICT"]);
  assert.match(String(again.body.message), /"gamma" is already the name of .*gamma\.yaml/);
  const invalid = await post({ yaml: "name: Bad Name\nsteps: []\n" });
  assert.equal(invalid.status, 400);
  const fields = (invalid.body.fields as { field: string }[]).map((d) => d.field);
  assert.ok(fields.includes("name") && fields.includes("correlation"), JSON.stringify(invalid.body));
  assert.equal((await post({ yaml: `name: x\n#${"y".repeat(256 * 1024)}` })).status, 400);
  assert.equal((await post({ yaml: "name: a\u0000" })).status, 400);
  assert.equal((await post({ yaml: saga("delta", env.prefix), path: "/etc/passwd" })).status, 400);
  assert.equal((await post("{not json")).status, 400);
  // A page on another site cannot save (the browser guard, as every POST).
  const cross = await post(
    { yaml: saga("evil", env.prefix) },
    { origin: "http://attacker.example", "sec-fetch-site": "cross-site" },
  );
  assert.equal(cross.status, 403);
  assert.ok(!(await listed()).includes("evil"));
});

it("a second observer takes up a change and a removal within 5 s too", async () => {
  replica = await env.replica();
  assert.deepEqual(await listed(replica), await listed());
  writeFileSync(join(dir, "alpha.yaml"), saga("alpha", env.prefix, true));
  const hasShipped = async (o: { get: ObserverEnv["get"] }) =>
    (await o.get<SagaDetail>("/sagas/alpha")).body.steps?.some((s) => s.id === "shipped");
  await within5s(async () => (await hasShipped(env)) && (await hasShipped(replica!)), "both observers' alpha changed");
  // Removed: both leave the group, and the last to leave deletes it.
  const group = observerGroupId(env.prefix, "gamma");
  await waitFor(async () => (await groups()).includes(group), "gamma's group made");
  unlinkSync(join(dir, "gamma.yaml"));
  await within5s(
    async () => !(await listed()).includes("gamma") && !(await listed(replica!)).includes("gamma"),
    "gamma gone from both",
  );
  await waitFor(async () => !(await groups()).includes(group), "gamma's group deleted", 15_000);
});

it("refuses to start on an invalid file in a named directory; saving needs a directory", async () => {
  const bad = mkdtempSync(join(tmpdir(), "sagascope-bad-"));
  writeFileSync(join(bad, "bad.yaml"), "name: Bad\n");
  const other = await startObserverEnv({ env: { SAGA_DEFINITIONS: bad } });
  try {
    await assert.rejects(other.start(), /bad\.yaml: name: must match/);
  } finally {
    await other.stop();
    rmSync(bad, { recursive: true, force: true });
  }
  const noDir = await startObserverEnv();
  try {
    await noDir.start();
    const r = await fetch(`http://127.0.0.1:${noDir.observer().port}/sagas/_definitions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ yaml: saga("zeta", noDir.prefix) }),
    });
    const body = (await r.json()) as { message: string };
    assert.equal(r.status, 409);
    assert.match(body.message, /SAGA_DEFINITIONS names no directory/);
    assert.deepEqual((await noDir.get<DefinitionFiles>("/sagas/_definitions")).body.saveTo, null);
  } finally {
    await noDir.stop();
  }
});

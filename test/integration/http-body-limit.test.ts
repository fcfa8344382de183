// Every service's HTTP server (services/kit/http/server.ts) refuses a body over 1 MiB with a 413
// the client reads, while it is still sending, not with a reset connection; a far larger upload
// is cut off after the refusal, and the server serves the next connection.
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, it } from "node:test";
import type { Server } from "node:http";
import { startHttpServer } from "../../services/kit/http/server";
import { createLogger } from "../../services/kit/log";

let server: Server;
let base: string;
let handled = 0;

before(async () => {
  server = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    log: createLogger("test", "error"),
    routes: [
      { method: "POST", path: "/echo", handle: async (r) => (handled++, { status: 200, body: await r.json() }) },
    ],
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

const post = (body: string) =>
  fetch(`${base}/echo`, { method: "POST", headers: { "content-type": "application/json" }, body });

for (const [what, size] of [
  ["just over 1 MiB", (1 << 20) + 1],
  ["2 MiB in one piece", 2 << 20],
  ["40 MiB, cut off after the refusal", 40 << 20],
] as const) {
  it(`answers 413 to a body of ${what}`, async () => {
    const r = await post(`"${"x".repeat(size - 2)}"`);
    assert.equal(r.status, 413);
    const body = (await r.json()) as { error: string; fields: { field: string }[] };
    assert.equal(body.error, "PAYLOAD_TOO_LARGE");
    assert.equal(body.fields[0]!.field, "(body)");
  });
}

it("takes a body of exactly 1 MiB, and answers the next request after the refusals", async () => {
  const text = `"${"y".repeat((1 << 20) - 2)}"`;
  const r = await post(text);
  assert.equal(r.status, 200);
  assert.equal(((await r.json()) as string).length, (1 << 20) - 2);
  assert.equal(handled >= 4, true, `every request reached its handler (${handled})`);
});

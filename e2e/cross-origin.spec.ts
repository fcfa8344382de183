// A page on another origin, opened in real Chromium, sends SagaScope what any site could: a
// JSON-looking text/plain form, a form post that crashes a service, no-cors fetches placing an
// order and publishing poison, a live-feed websocket. Every one is refused and nothing changes:
// no order, the stock service not restarted (its in-memory faults survive), no poison. Served
// from another local port (same site) and from another site's name mapped to 127.0.0.1 by the
// browser's resolver; the app reached under such a name (DNS rebinding) answers 421.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type APIRequestContext } from "@playwright/test";
import type { FaultState, FaultsView } from "../contracts/admin";
import type { OrderSummary } from "../contracts/api";
import { catalogue, plentiful } from "./fixtures";

const ATTACKER = "attacker.test";
// Another site's name that the browser resolves to 127.0.0.1, as a rebound DNS answer would.
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      `--host-resolver-rules=MAP ${ATTACKER} 127.0.0.1`,
    ],
  },
});

/** The attack page: everything runs on load; it says "done" with what the page could see. */
function attackPage(app: string, order: string): string {
  // A text/plain form whose body reads as JSON: name + "=" + value.
  const formName = `${order.slice(0, -1)},"pad":"`;
  return `<!doctype html><meta charset="utf-8"><title>another site</title>
<iframe name="a"></iframe><iframe name="b"></iframe>
<form id="json" method="POST" enctype="text/plain" target="a" action="${app}/api/orders"><input name='${formName}' value='"}'></form>
<form id="crash" method="POST" target="b" action="${app}/api/admin/services/stock/crash"><input name="x" value="1"></form>
<pre id="out"></pre>
<script>
const seen = [];
const post = (path, body, type) => fetch("${app}" + path, { method: "POST", mode: "no-cors", headers: { "content-type": type }, body }).then(() => seen.push(path + " sent"), (e) => seen.push(path + " " + e));
const ws = () => new Promise((resolve) => {
  const s = new WebSocket("${app.replace("http", "ws")}/socket.io/?EIO=4&transport=websocket");
  s.onopen = () => resolve("websocket open");
  s.onerror = () => resolve("websocket refused");
});
(async () => {
  document.getElementById("json").submit();
  document.getElementById("crash").submit();
  await post("/api/orders", ${JSON.stringify(order)}, "text/plain");
  await post("/api/admin/poison", '{"topic":"order-create"}', "text/plain");
  await post("/api/admin/dlq/x/republish", "", "application/x-www-form-urlencoded");
  seen.push(await ws());
  document.getElementById("out").textContent = "done\\n" + seen.join("\\n");
})();
</script>`;
}

let attacker: Server;
let attackerPort: number;
let page = "";

test.beforeAll(async () => {
  attacker = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page));
  await new Promise<void>((r) => attacker.listen(0, "127.0.0.1", r));
  attackerPort = (attacker.address() as AddressInfo).port;
});
test.afterAll(() => attacker.close());

/** The orders of `userId` (nobody else's tests use it), and the stock process's fault settings. */
async function state(request: APIRequestContext, userId: string) {
  const orders = (await (await request.get("/api/orders?limit=10000")).json()) as OrderSummary[];
  const { failNext, failRate, delayMs, paused } = (
    (await (await request.get("/api/admin/faults")).json()) as FaultsView
  ).stock as FaultState;
  return {
    orders: orders.filter((o) => o.userId === userId).length,
    stockFaults: { failNext, failRate, delayMs, paused },
  };
}

for (const origin of ["another local port", "another site"] as const) {
  test(`a page on ${origin} changes nothing: its forms, fetches and websocket are refused`, async ({
    browser,
    request,
    baseURL,
  }) => {
    const { products } = await catalogue(request);
    const userId = `csrf-${origin.replace(/ /g, "-")}-${Date.now()}`;
    page = attackPage(
      baseURL!,
      JSON.stringify({ userId, items: [{ productId: plentiful(products).id, quantity: 1 }] }),
    );
    // A fault kept in the stock process's memory: it would be gone if the process were crashed.
    expect((await request.put("/api/admin/faults/stock", { data: { delayMs: 1 } })).status()).toBe(200);
    try {
      const before = await state(request, userId);
      expect(before).toEqual({ orders: 0, stockFaults: { failNext: 0, failRate: 0, delayMs: 1, paused: false } });
      const context = await browser.newContext();
      const tab = await context.newPage();
      const answers: { method: string; url: string; status: number }[] = [];
      tab.on(
        "response",
        (r) =>
          r.url().startsWith(baseURL!) &&
          answers.push({ method: r.request().method(), url: r.url(), status: r.status() }),
      );
      const host = origin === "another site" ? ATTACKER : "127.0.0.1";
      await tab.goto(`http://${host}:${attackerPort}/`);
      await expect(tab.locator("#out")).toContainText("done");
      await expect(tab.locator("#out")).toContainText("websocket refused");
      const posts = () => answers.filter((a) => a.method === "POST");
      await expect
        .poll(() =>
          posts()
            .map((a) => new URL(a.url).pathname)
            .sort(),
        )
        .toEqual([
          "/api/admin/dlq/x/republish",
          "/api/admin/poison",
          "/api/admin/services/stock/crash",
          "/api/orders",
          "/api/orders",
        ]);
      for (const a of posts()) expect(a.status, `${a.method} ${a.url}`).toBe(403);
      expect(await state(request, userId)).toEqual(before);
      await context.close();
    } finally {
      expect((await request.delete("/api/admin/faults/stock")).status()).toBe(200);
    }
  });
}

test("the app reached under another site's name answers 421, its own pages and live feed still work", async ({
  browser,
  page: own,
  baseURL,
}) => {
  const context = await browser.newContext();
  const rebound = await context.newPage();
  const r = await rebound.goto(baseURL!.replace("127.0.0.1", ATTACKER) + "/orders");
  expect(r?.status()).toBe(421);
  await context.close();
  await own.goto("/saga");
  await expect(own.getByTestId("health-stock")).toHaveText("up");
  await expect(own.getByRole("status").filter({ hasText: "Live feed: connected" })).toBeVisible();
});

test("a malformed page or API path answers 400, never 500", async ({ request }) => {
  for (const path of ["/orders/%zz", "/api/orders/%zz", "/%E0%A4%A"])
    expect((await request.get(path)).status(), path).toBe(400);
});

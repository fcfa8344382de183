// A watched saga's map a person can read: on the real /sagas/:name page (and an instance's
// journey), the boxes of every step label and every service, as the browser drew them, overlap
// nothing, no step's line runs across another step's label, and the services stand in flow
// order. The sagas are e2e/fixtures/sagaMaps.ts: a generated one of 20 steps over 8 services
// and the Kafka Streams one. The app watches only the files in SAGA_DEFINITIONS, so the page's
// calls to the observer's API for these two are answered here (page.route); all else is real.
import { expect, test, type Page } from "@playwright/test";
import { SAGA_INSTANCE_STATUSES, type SagaSummary } from "../contracts/sagas";
import { generatedSaga, STREAMS_SAGA, streamsInstance } from "./fixtures/sagaMaps";

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Answers /api/sagas/<name>… for these sagas as the observer would (no instances but one). */
async function serve(page: Page, sagas: SagaSummary[]) {
  const byName = new Map(sagas.map((s) => [s.name, s]));
  await page.route(
    (url) => /^\/api\/sagas\/map-[a-z0-9-]+(\/|$)/.test(url.pathname),
    (route) => {
      const [, , , name, part, id] = new URL(route.request().url()).pathname.split("/");
      const saga = byName.get(decodeURIComponent(name));
      if (!saga) return route.fulfill({ status: 404, json: { error: "unknown saga" } });
      if (part === "instances" && id)
        return route.fulfill({ json: { ...streamsInstance(decodeURIComponent(id)), saga: saga.name } });
      if (part === "instances") return route.fulfill({ json: [] });
      const seen = Object.fromEntries(saga.steps.map((s, i) => [s.id, (i * 37) % 500]));
      const counts = Object.fromEntries(SAGA_INSTANCE_STATUSES.map((s) => [s, 0]));
      const records = { total: 0, notJson: 0, notDecodable: 0, oversized: 0, matchCut: 0 };
      return route.fulfill({
        json: { ...saga, counts, seen, unmatched: 0, uncorrelated: {}, missingTopics: [], refusedTopics: [], records },
      });
    },
  );
}

/** The map's boxes as drawn: step labels and services, and points along every line. */
async function drawn(page: Page, region: string) {
  return page.getByRole("region", { name: region, exact: true }).evaluate((root) => {
    const box = (e: Element) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const idOf = (e: Element) => e.getAttribute("data-id")!.replace(/^(svc|step):/, "");
    const labels = [...root.querySelectorAll(".react-flow__node-step")].map((e) => {
      const text = e.firstElementChild as HTMLElement;
      return { id: idOf(e), text: e.textContent ?? "", box: box(e), fits: text.scrollWidth <= text.clientWidth };
    });
    const services = [...root.querySelectorAll(".react-flow__node-service")].map((e) => ({ id: idOf(e), box: box(e) }));
    const lines = [...root.querySelectorAll(".react-flow__edge")].map((g) => {
      const path = g.querySelector<SVGPathElement>("path.react-flow__edge-path")!;
      const m = path.getScreenCTM()!;
      const len = path.getTotalLength();
      const points = Array.from({ length: 121 }, (_, i) => {
        const p = path.getPointAtLength((len * i) / 120);
        return { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f };
      });
      const id = g.getAttribute("data-id")!;
      return { id, step: id.startsWith("in:") ? id.slice(3) : id.slice(4, id.lastIndexOf(">")), points };
    });
    return { labels, services, lines };
  });
}

/** Checks the drawn map; returns how many label boxes were compared. */
async function expectReadable(page: Page, region: string, steps: number, services: number): Promise<number> {
  const map = page.getByRole("region", { name: region, exact: true });
  await expect(map).toHaveAttribute("aria-busy", "false");
  await expect(map.locator(".react-flow__node-step")).toHaveCount(steps);
  const { labels, services: boxes, lines } = await drawn(page, region);
  expect(boxes).toHaveLength(services);
  const found: string[] = [];
  for (const [i, l] of labels.entries()) {
    expect(l.fits, `"${l.text}" fits in its label`).toBe(true);
    for (const o of labels.slice(i + 1))
      if (overlaps(l.box, o.box)) found.push(`label "${l.text}" × label "${o.text}"`);
    for (const s of boxes) if (overlaps(l.box, s.box)) found.push(`label "${l.text}" × service ${s.id}`);
    const inside = { x: l.box.x + 2, y: l.box.y + 2, width: l.box.width - 4, height: l.box.height - 4 };
    for (const line of lines.filter((x) => x.step !== l.id)) {
      if (
        line.points.some(
          (p) => p.x > inside.x && p.x < inside.x + inside.width && p.y > inside.y && p.y < inside.y + inside.height,
        )
      )
        found.push(`line ${line.id} × label "${l.text}"`);
    }
  }
  for (const [i, s] of boxes.entries())
    for (const o of boxes.slice(i + 1)) if (overlaps(s.box, o.box)) found.push(`service ${s.id} × service ${o.id}`);
  console.log(
    `${region}: ${labels.length} label boxes and ${boxes.length} service boxes checked, ${lines.length} lines sampled; overlaps found: ${found.length}`,
  );
  expect(found).toEqual([]);
  return labels.length;
}

const xOf = async (page: Page, region: string, service: string) =>
  (await page.getByRole("region", { name: region, exact: true }).locator(`[data-id="svc:${service}"]`).boundingBox())!
    .x;

test("a generated saga of 20 steps over 8 services: no label overlaps another label or a service", async ({ page }) => {
  const saga = generatedSaga(1);
  const workers: string[] = [];
  page.on("worker", (w) => workers.push(w.url()));
  await serve(page, [saga]);
  await page.goto(`/sagas/${saga.name}`);
  const region = `Map of ${saga.name}`;
  // 8 services, and the outside node its step that nobody consumes runs to.
  expect(await expectReadable(page, region, 20, 9)).toBe(20);
  expect(workers, "ELK ran in a web worker").toHaveLength(1);
  // Its first steps hand each service on to the next: each stands further right.
  const spine = saga.services.map((s) => s.id);
  for (let i = 1; i < spine.length; i++)
    expect(await xOf(page, region, spine[i - 1]), `${spine[i - 1]} left of ${spine[i]}`).toBeLessThan(
      await xOf(page, region, spine[i]),
    );
  await page.getByRole("region", { name: region }).screenshot({ path: "/tmp/saga-map-generated.png" });
  await page.getByRole("button", { name: "Fit View" }).click();
  await page.getByRole("region", { name: region }).screenshot({ path: "/tmp/saga-map-generated-whole.png" });
});

test("the Kafka Streams saga and one instance's journey: services in flow order, branches side by side, nothing overlapping", async ({
  page,
}) => {
  await serve(page, [STREAMS_SAGA]);
  await page.goto(`/sagas/${STREAMS_SAGA.name}`);
  const region = `Map of ${STREAMS_SAGA.name}`;
  await expectReadable(page, region, 9, 3);
  expect(await xOf(page, region, "order")).toBeLessThan(await xOf(page, region, "payment"));
  expect(await xOf(page, region, "payment")).toBe(await xOf(page, region, "stock"));
  const map = page.getByRole("region", { name: region });
  await expect(
    map.getByRole("group", {
      name: "order-created: order.events, from Order service to Payment service and Stock service, 0 records",
    }),
  ).toBeVisible();
  await expect(map.getByRole("group", { name: /^payment-rejected \(failure\): / })).toBeVisible();
  await map.screenshot({ path: "/tmp/saga-map-streams.png" });

  await page.goto(`/sagas/${STREAMS_SAGA.name}/instances/4711`);
  const journey = `Journey of 4711`;
  await expectReadable(page, journey, 9, 3);
  await expect(page.getByRole("group", { name: "rollback-payment (compensation): step 4, taken" })).toBeVisible();
  await expect(page.getByRole("group", { name: "stock-accepted: not taken" })).toBeVisible();
  await page.getByRole("region", { name: journey }).screenshot({ path: "/tmp/saga-map-streams-journey.png" });
});

test("the real Kafka Streams example, as the app watches it (examples/kafka-streams-saga/saga.yaml): nothing overlapping", async ({
  page,
  request,
}) => {
  const answer = await request.get("/api/sagas/kafka-streams-orders");
  expect(answer.status(), "the app watches the example (SAGA_DEFINITIONS)").toBe(200);
  // Before the example's groups exist nothing is inferred to consume a step: those run "outside".
  const outside = ((await answer.json()) as SagaSummary).steps.some((s) => s.to.length === 0) ? 1 : 0;
  await page.goto("/sagas/kafka-streams-orders");
  const region = "Map of kafka-streams-orders";
  await expectReadable(page, region, 9, 3 + outside);
  expect(await xOf(page, region, "order")).toBeLessThan(await xOf(page, region, "payment"));
});

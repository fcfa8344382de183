// What a person sees lines up: each step number of a journey's path on its row's first line,
// and no label of the saga map lying on another edge, another label or a service.
import { expect, test, type Page } from "@playwright/test";
import { catalogue, postOrder, richAndPoor, settled } from "./fixtures";

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test("the journey's step numbers sit on the first line of their rows", async ({ page, request }) => {
  const { products, users } = await catalogue(request);
  // Out of stock: four steps whose names and services wrap in the path column.
  const scarce = [...products].sort((a, b) => a.stock - b.stock)[0];
  const orderId = await postOrder(request, richAndPoor(users).rich.id, scarce.id, scarce.initialStock + 1);
  await settled(request, orderId);
  await page.goto(`/orders/${orderId}`);
  const rows = page.getByRole("region", { name: "Path taken" }).getByRole("listitem");
  await expect(rows).toHaveCount(4);
  for (let i = 0; i < 4; i++) {
    const row = rows.nth(i);
    const number = row.getByText(`${i + 1}.`, { exact: true });
    const button = row.getByRole("button");
    const [n, b] = [await number.boundingBox(), await button.boundingBox()];
    expect(n && b, `row ${i + 1} drawn`).toBeTruthy();
    const lineHeight = n!.height;
    // The number's middle lies within the button's first line.
    expect(n!.y + n!.height / 2, `row ${i + 1}'s number beside its first line`).toBeGreaterThan(b!.y);
    expect(n!.y + n!.height / 2, `row ${i + 1}'s number beside its first line`).toBeLessThan(b!.y + lineHeight);
    expect(n!.x + n!.width, `row ${i + 1}'s number left of its text`).toBeLessThanOrEqual(b!.x);
  }
});

/** Screen boxes of the map's labels and nodes, and points sampled along each edge's path. */
async function mapGeometry(page: Page) {
  return page.evaluate(() => {
    const box = (e: Element) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const labels = [...document.querySelectorAll(".edge-label")].map((e) => ({
      text: e.textContent ?? "",
      box: box(e),
    }));
    const nodes = [...document.querySelectorAll(".react-flow__node")].map((e) => ({
      text: e.querySelector(".title")?.textContent ?? "",
      box: box(e),
    }));
    const edges = [...document.querySelectorAll(".react-flow__edge")].map((g) => {
      const path = g.querySelector<SVGPathElement>("path.react-flow__edge-path")!;
      const m = path.getScreenCTM()!;
      const len = path.getTotalLength();
      const points = Array.from({ length: 81 }, (_, i) => {
        const p = path.getPointAtLength((len * i) / 80);
        return { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f };
      });
      return { name: g.getAttribute("aria-label") ?? "", points };
    });
    return { labels, nodes, edges };
  });
}

for (const mode of ["choreography", "orchestration"] as const) {
  test(`no label of the ${mode} map lies on another edge, label or service`, async ({ page }) => {
    await page.goto(mode === "orchestration" ? "/saga?mode=orchestration" : "/saga");
    const region = page.getByRole("region", {
      name: mode === "orchestration" ? "Live saga map, orchestration" : "Live saga map",
      exact: true,
    });
    await expect(region.locator(".edge-label")).toHaveCount(mode === "orchestration" ? 13 : 10);
    await expect(
      region.getByRole("group", { name: mode === "orchestration" ? /^saga-reply \(pay-refund\):/ : /^pay-refund:/ }),
    ).toBeAttached();
    const { labels, nodes, edges } = await mapGeometry(page);
    for (const [i, l] of labels.entries()) {
      for (const other of labels.slice(i + 1))
        expect(overlaps(l.box, other.box), `"${l.text}" clear of "${other.text}"`).toBe(false);
      for (const n of nodes) expect(overlaps(l.box, n.box), `"${l.text}" clear of ${n.text}`).toBe(false);
      const topic = l.text.split(" · ")[0];
      for (const e of edges.filter((x) => !x.name.startsWith(`${topic}:`) && !x.name.includes(`(${topic})`))) {
        const on = e.points.find(
          (p) => p.x > l.box.x && p.x < l.box.x + l.box.width && p.y > l.box.y && p.y < l.box.y + l.box.height,
        );
        expect(on, `"${l.text}" clear of the edge ${e.name}`).toBeUndefined();
      }
    }
  });
}

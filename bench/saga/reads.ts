// The read side under growth: how long the order service takes to answer what the dashboard and
// the operator ask for (the list and its filters, the holdings behind /api/invariants), and the
// web origin one journey (the order joined with the observer's records), each asked several
// times in a row, median and worst.
import { latencySummary } from "./stats";

export type ReadFigures = Record<string, { p50: number; max: number; rows: number }>;

const TIMES = 15;

/** A read asked of the web origin rather than the order service. */
const WEB = "web:";

/** The reads, by name; `recent` and `past` are order ids to open. */
function reads(recent: string | null, past: string | null): Record<string, string> {
  return {
    "list 100": "/orders?limit=100",
    "list COMPLETED": "/orders?status=COMPLETED&limit=100",
    "list CANCELLED": "/orders?status=CANCELLED&limit=100",
    "list reason TIMEOUT (rare)": "/orders?reason=TIMEOUT&limit=100",
    "search by user": "/orders?q=b-u7&limit=100",
    "search by id prefix": `/orders?q=${(past ?? recent ?? "0000").slice(0, 8)}&limit=100`,
    ...(recent ? { "journey, recent order": `${WEB}/api/orders/${recent}` } : {}),
    ...(past ? { "journey, past order": `${WEB}/api/orders/${past}` } : {}),
    "holdings (invariants)": "/holdings",
  };
}

async function rowsOf(r: Response): Promise<number> {
  const body = (await r.json()) as unknown;
  if (Array.isArray(body)) return body.length;
  if (body && typeof body === "object" && "steps" in body && Array.isArray(body.steps)) return body.steps.length;
  if (body && typeof body === "object" && "byStatus" in body)
    return Object.values(body.byStatus as Record<string, number>).reduce((a, b) => a + b, 0);
  return 1;
}

export async function probeReads(
  urls: { order: string; web: string },
  ids: { recent: string | null; past: string | null },
): Promise<ReadFigures> {
  const out: ReadFigures = {};
  for (const [name, path] of Object.entries(reads(ids.recent, ids.past))) {
    const ms: number[] = [];
    let rows = 0;
    for (let i = 0; i < TIMES; i++) {
      const t0 = performance.now();
      const r = await fetch(path.startsWith(WEB) ? `${urls.web}${path.slice(WEB.length)}` : `${urls.order}${path}`);
      if (r.status !== 200) throw new Error(`GET ${path} answered ${r.status}`);
      rows = await rowsOf(r);
      ms.push(performance.now() - t0);
    }
    const s = latencySummary(ms);
    out[name] = { p50: Math.round(s.p50 * 10) / 10, max: Math.round(s.max * 10) / 10, rows };
  }
  return out;
}

export function printReads(title: string, reads: ReadFigures): void {
  console.log(`\n${title}`);
  console.log(`${"read".padEnd(28)} ${"p50 ms".padStart(8)} ${"max ms".padStart(8)} ${"rows".padStart(8)}`);
  for (const [name, f] of Object.entries(reads))
    console.log(
      `${name.padEnd(28)} ${String(f.p50).padStart(8)} ${String(f.max).padStart(8)} ${String(f.rows).padStart(8)}`,
    );
}

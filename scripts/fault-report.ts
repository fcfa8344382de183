// Prints the fault suite's table from the JSON lines its scenarios wrote (FAULT_REPORT).
import { existsSync, readFileSync } from "node:fs";

const file = process.argv[2];
if (!file || !existsSync(file)) {
  console.log("fault suite: no report (no scenario ran)");
  process.exit(0);
}
type Row = {
  scenario: string;
  orders: number;
  completed: number;
  cancelled: number;
  timedOut: number;
  stuck: number;
  doubleEffects: number;
  deadLetters: number;
  ok: boolean;
  seconds: number;
};
const rows = readFileSync(file, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Row);
const head = [
  "scenario",
  "orders",
  "completed",
  "cancelled",
  "timed out",
  "stuck",
  "double effects",
  "dead letters",
  "invariants held",
  "s",
];
const table = rows.map((r) =>
  [
    r.scenario,
    r.orders,
    r.completed,
    r.cancelled,
    r.timedOut,
    r.stuck,
    r.doubleEffects,
    r.deadLetters,
    r.ok ? "yes" : "NO",
    r.seconds,
  ].map(String),
);
const widths = head.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
const line = (cells: string[]) =>
  `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
console.log(line(head));
console.log(`|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`);
for (const t of table) console.log(line(t));

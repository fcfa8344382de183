// /sagas, the front door of watching: one row per saga with what a person asks first of it —
// how many instances run, how many are stuck, how many failed, and how far reading is behind.
// The figures come from each saga's detail (GET /api/sagas/:name); until it answers they are null.
import type { SagaDetail, SagaSummary } from "../../contracts/sagas";

/** Endings that mean the saga did not do what it set out to do. */
export const FAILED_ENDINGS = ["CANCELLED", "FAILED", "COMPENSATED"] as const;

export type SagaListRow = {
  name: string;
  title: string;
  builtIn: boolean;
  services: string;
  steps: number;
  running: number | null;
  stuck: number | null;
  completed: number | null;
  /** CANCELLED + FAILED + COMPENSATED. */
  failed: number | null;
  /** Which endings `failed` adds up, with their counts, for the cell's title ("Compensated 3, Failed 1"). */
  failedParts: string;
  /** Records still to read (backlog.remaining); null until it is known. */
  lag: number | null;
  /** Topics of the definition the cluster does not have yet. */
  missingTopics: string[];
  /** Topics SagaScope may not describe or read (the cluster's ACLs). */
  refusedTopics: string[];
};

const WORD: Record<(typeof FAILED_ENDINGS)[number], string> = {
  CANCELLED: "Cancelled",
  FAILED: "Failed",
  COMPENSATED: "Compensated",
};

export function sagaListRow(summary: SagaSummary, detail: SagaDetail | undefined): SagaListRow {
  const c = detail?.counts;
  return {
    name: summary.name,
    title: summary.title,
    builtIn: summary.builtIn,
    services: summary.services.map((s) => s.label).join(", "),
    steps: summary.steps.length,
    running: c ? c.RUNNING : null,
    stuck: c ? c.STUCK : null,
    completed: c ? c.COMPLETED : null,
    failed: c ? FAILED_ENDINGS.reduce((n, k) => n + c[k], 0) : null,
    failedParts: c
      ? FAILED_ENDINGS.filter((k) => c[k] > 0)
          .map((k) => `${WORD[k]} ${c[k]}`)
          .join(", ")
      : "",
    lag: detail?.backlog?.remaining ?? null,
    missingTopics: detail?.missingTopics ?? [],
    refusedTopics: detail?.refusedTopics?.map((r) => r.topic) ?? [],
  };
}

/** A count as the table shows it: "–" while it is not known. */
export function countText(n: number | null): string {
  return n === null ? "–" : n.toLocaleString("en-US");
}

/** The lag cell: "caught up" at 0, "–" when not known, else the records still to read. */
export function lagText(n: number | null): string {
  if (n === null) return "–";
  return n === 0 ? "caught up" : `${n.toLocaleString("en-US")} records`;
}

/** The row's accessible summary, so a screen reader hears the figures with the saga's name. */
export function rowSummary(r: SagaListRow): string {
  if (r.running === null) return `${r.title}: figures loading`;
  return `${r.title}: ${r.running} running, ${r.stuck} stuck, ${r.failed} failed, lag ${lagText(r.lag)}`;
}

// Where the observer begins to read a saga's topics, and how long it keeps an instance that is
// over (attach.md, "Where reading begins, and how long instances are kept"). The definition keeps
// the text as written (it goes back into YAML unchanged); these functions say what it means.
import { z } from "zod";

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const DURATION = /^(\d{1,6})(s|m|h|d|w)$/;
// An ISO-8601 time with a date, a time and a zone (Z or ±hh:mm): a time without a zone would be read in the observer's.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** "90s", "15m", "24h", "7d", "2w" in milliseconds; null when it is not one. */
export function durationMs(text: string): number | null {
  const m = DURATION.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : null;
}

export type StartPoint = { kind: "earliest" } | { kind: "latest" } | { kind: "time"; at: number };

/** What `start` means now: a duration back from `now` is a time. */
export function startPoint(start: string, now: number): StartPoint {
  if (start === "earliest" || start === "latest") return { kind: start };
  const back = durationMs(start);
  return { kind: "time", at: back === null ? Date.parse(start) : now - back };
}

export const StartSetting = z
  .string()
  .refine((s) => s === "earliest" || s === "latest" || durationMs(s) !== null || ISO_TIME.test(s), {
    message:
      'must be "earliest", "latest", an ISO-8601 time with its zone (2026-12-01T00:00:00Z) or a duration back from now (24h, 7d)',
  })
  .refine((s) => !ISO_TIME.test(s) || !Number.isNaN(Date.parse(s)), { message: "is not a real time" });

export const MIN_RETENTION_MS = 60_000;

export const RetentionSetting = z.string().superRefine((s, ctx) => {
  const ms = durationMs(s);
  if (ms === null) ctx.addIssue({ code: "custom", message: "must be a duration: 90s, 15m, 24h, 7d, 2w" });
  else if (ms < MIN_RETENTION_MS) ctx.addIssue({ code: "custom", message: "must be at least 1m" });
});

/** The retention of a definition, in milliseconds (validated by RetentionSetting). */
export const retentionMs = (retention: string): number => durationMs(retention) ?? 7 * UNIT_MS.d;

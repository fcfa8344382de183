// A step's `match` (attach.md, "Matching on more than one field"): one condition on a JSON path,
// a header or the key, or `all`/`any`/`not` of matches. Pure, so the pages can import it too.
import { z } from "zod";
import { SafeText } from "../topics";

const nonEmpty = SafeText.min(1, "must not be empty").max(500);

/** What `equals` and `in` compare with. */
export const MatchScalar = z.union([z.string().max(4096), z.number(), z.boolean(), z.null()], {
  error: "must be a string, a number, a boolean or null",
});
export type MatchScalar = z.infer<typeof MatchScalar>;

/** Longest regular expression a condition may hold; the text it is tried on is cut at MATCH_TEXT_LIMIT. */
export const MATCH_PATTERN_LIMIT = 500;
/** A `matches` test reads at most this many characters of the value's text (and counts longer ones). */
export const MATCH_TEXT_LIMIT = 4096;
/** How deep `all`/`any`/`not` may nest. */
export const MATCH_DEPTH_LIMIT = 8;

const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*(?:[+*]|\{\d+,\d*\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,\d*\})/;

const Pattern = z
  .string()
  .min(1, "must not be empty")
  .max(MATCH_PATTERN_LIMIT, `must be at most ${MATCH_PATTERN_LIMIT} characters`)
  .superRefine((p, ctx) => {
    try {
      new RegExp(p, "u");
    } catch (err) {
      ctx.addIssue({ code: "custom", message: `is not a regular expression: ${(err as Error).message}` });
      return;
    }
    // A repeated group that itself repeats (`(a+)+`) can take exponential time on one record.
    if (NESTED_QUANTIFIER.test(p))
      ctx.addIssue({
        code: "custom",
        message: "repeats a group that repeats inside (like (a+)+): it can take exponential time on one value",
      });
  });

export const MatchCondition = z
  .strictObject({
    path: nonEmpty.optional(),
    header: nonEmpty.optional(),
    key: z.literal(true, { error: "key must be true (the condition tests the record key)" }).optional(),
    equals: MatchScalar.optional(),
    in: z.array(MatchScalar).min(1, "must list at least one value").max(1000).optional(),
    exists: z.boolean().optional(),
    matches: Pattern.optional(),
  })
  .superRefine((c, ctx) => {
    if ([c.path, c.header, c.key].filter((v) => v !== undefined).length !== 1)
      ctx.addIssue({ code: "custom", message: "exactly one of path, header or key is required" });
    // `equals: null` is a test: tell it apart from an absent key with `in`.
    const tests = ["equals", "in", "exists", "matches"].filter(
      (k) => k in c && (c as Record<string, unknown>)[k] !== undefined,
    );
    if (tests.length !== 1)
      ctx.addIssue({ code: "custom", message: "exactly one of equals, in, exists or matches is required" });
  });
export type MatchCondition = z.infer<typeof MatchCondition>;

export type StepMatch = MatchCondition | { all: StepMatch[] } | { any: StepMatch[] } | { not: StepMatch };

const Combination = {
  all: z.strictObject({
    all: z
      .array(z.lazy(() => StepMatch))
      .min(1, "must list at least one match")
      .max(50),
  }),
  any: z.strictObject({
    any: z
      .array(z.lazy(() => StepMatch))
      .min(1, "must list at least one match")
      .max(50),
  }),
  not: z.strictObject({ not: z.lazy(() => StepMatch) }),
};

/** Which shape a match is, by the key it has, so a mistake is reported against that shape only. */
function shapeOf(v: unknown): z.ZodType {
  if (typeof v === "object" && v !== null) {
    for (const k of ["all", "any", "not"] as const) if (k in v) return Combination[k];
  }
  return MatchCondition;
}

export const StepMatch: z.ZodType<StepMatch> = z.unknown().transform((v, ctx) => {
  const r = shapeOf(v).safeParse(v);
  if (!r.success) {
    for (const i of r.error.issues) ctx.addIssue({ code: "custom", message: i.message, path: i.path });
    return z.NEVER;
  }
  const m = r.data as StepMatch;
  if (matchDepth(m) > MATCH_DEPTH_LIMIT) {
    ctx.addIssue({ code: "custom", message: `nests deeper than ${MATCH_DEPTH_LIMIT}` });
    return z.NEVER;
  }
  return m;
}) as unknown as z.ZodType<StepMatch>;

export function matchDepth(m: StepMatch): number {
  if ("all" in m) return 1 + Math.max(0, ...m.all.map(matchDepth));
  if ("any" in m) return 1 + Math.max(0, ...m.any.map(matchDepth));
  if ("not" in m) return 1 + matchDepth(m.not);
  return 1;
}

/** The match when it is one condition (not a combination), else null. */
export const singleCondition = (m: StepMatch | undefined): MatchCondition | null =>
  m && !("all" in m) && !("any" in m) && !("not" in m) ? m : null;

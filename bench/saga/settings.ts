// The benchmark's settings, from the command line, parsed once. Open loop (--rate: orders offered
// per second, whatever happens) or closed loop (--concurrency: that many sagas in flight, the
// next order placed when one ends); a mix of the saga's three outcomes; warm-up, measured
// window and repeats; the cluster's shape (instances, partitions) and the commit durability.
import { parseArgs } from "node:util";
import { z } from "zod";
import { SAGA_MODES, type SagaMode } from "../../contracts";

export const MIX_KINDS = ["happy", "stock", "points"] as const;
export type MixKind = (typeof MIX_KINDS)[number];

const Mix = z.string().transform((s, ctx) => {
  const mix: Record<MixKind, number> = { happy: 0, stock: 0, points: 0 };
  for (const part of s.split(",")) {
    const [kind, share] = part.split(":");
    if (!MIX_KINDS.includes(kind as MixKind) || !/^\d+$/.test(share ?? "")) {
      ctx.addIssue({
        code: "custom",
        message: `mix part "${part}" is not kind:share (kinds: ${MIX_KINDS.join(", ")})`,
      });
      return z.NEVER;
    }
    mix[kind as MixKind] = Number(share);
  }
  if (mix.happy + mix.stock + mix.points === 0) ctx.addIssue({ code: "custom", message: "the mix is empty" });
  return mix;
});

const Settings = z
  .object({
    rate: z.coerce.number().positive().optional(),
    concurrency: z.coerce.number().int().positive().optional(),
    seconds: z.coerce.number().positive().default(30),
    warmup: z.coerce.number().nonnegative().default(5),
    runs: z.coerce.number().int().positive().default(3),
    mix: Mix.default({ happy: 70, stock: 15, points: 15 }),
    instances: z.coerce.number().int().min(1).max(8).default(1),
    partitions: z.coerce.number().int().min(1).max(64).default(8),
    durable: z.enum(["on", "off"]).default("on"),
    ceilings: z.enum(["on", "off"]).default("on"),
    preload: z.coerce.number().int().nonnegative().default(0),
    /** The saga design the orders ask for; both: each run measures the two, one after the other, the same mix. */
    mode: z.enum([...SAGA_MODES, "both"]).default("choreography"),
    out: z.string().default("bench/results"),
    /** A folder for CPU profiles: each service's .cpuprofile and the broker's JFR recording. */
    profile: z.string().optional(),
  })
  .transform((s) => ({
    ...s,
    loop: s.concurrency ? ("closed" as const) : ("open" as const),
    rate: s.rate ?? (s.concurrency ? undefined : 100),
    modes: (s.mode === "both" ? [...SAGA_MODES] : [s.mode]) as SagaMode[],
  }));

export type BenchSettings = z.infer<typeof Settings>;

export const USAGE = `npm run bench -- [--rate N | --concurrency N] [--seconds 30] [--warmup 5] [--runs 3]
  [--mix happy:70,stock:15,points:15] [--instances 1] [--partitions 8 (per topic)] [--durable on|off]
  [--ceilings on|off] [--preload 0] [--mode choreography|orchestration|both] [--out bench/results] [--profile DIR]`;

export function parseSettings(argv: string[]): BenchSettings {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(
      [
        "rate",
        "concurrency",
        "seconds",
        "warmup",
        "runs",
        "mix",
        "instances",
        "partitions",
        "durable",
        "ceilings",
        "preload",
        "mode",
        "out",
        "profile",
      ].map((k) => [k, { type: "string" as const }]),
    ),
  });
  const parsed = Settings.safeParse(values);
  if (!parsed.success)
    throw new Error(`${parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("; ")}\n${USAGE}`);
  return parsed.data;
}

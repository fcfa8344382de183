// The observer bench's settings, from the command line, parsed once: the records offered per
// second and for how long, the partitions of the example's topics, the size of the instance whose
// view is timed and how many times it is fetched.
import { parseArgs } from "node:util";
import { z } from "zod";

const Settings = z.object({
  rate: z.coerce.number().positive().default(5000),
  seconds: z.coerce.number().positive().default(30),
  partitions: z.coerce.number().int().min(1).max(64).default(4),
  bigInstance: z.coerce.number().int().min(2).max(10_000).default(200),
  requests: z.coerce.number().int().min(1).default(200),
  drainSeconds: z.coerce.number().positive().default(180),
  observerPort: z.coerce.number().int().min(1).max(65535).default(39194),
  /** Mark the example's first step `starts: true`, so every record is given its run (attach.md, "Ids used again"). */
  runs: z.boolean().default(false),
});
export type ObserverBenchSettings = z.output<typeof Settings>;

export const USAGE = `npm run bench:observer -- [--rate 5000] [--seconds 30] [--partitions 4] [--big-instance 200] [--requests 200] [--drain-seconds 180] [--observer-port 39194] [--runs]
  runs: the example's first step starts runs (starts: true): the store looks up and locks each batch's ids
  rate: records per second offered to the example's topics (bank-transfer's mix, ~3.85 records a transfer)`;

export function parseObserverSettings(argv: string[]): ObserverBenchSettings | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      rate: { type: "string" },
      seconds: { type: "string" },
      partitions: { type: "string" },
      "big-instance": { type: "string" },
      requests: { type: "string" },
      "drain-seconds": { type: "string" },
      "observer-port": { type: "string" },
      runs: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) return "help";
  const parsed = Settings.safeParse({
    rate: values.rate,
    seconds: values.seconds,
    partitions: values.partitions,
    bigInstance: values["big-instance"],
    requests: values.requests,
    drainSeconds: values["drain-seconds"],
    observerPort: values["observer-port"],
    runs: values.runs ?? false,
  });
  if (!parsed.success)
    throw new Error(
      `invalid settings:\n${parsed.error.issues.map((i) => `  --${String(i.path[0])}: ${i.message}`).join("\n")}\n${USAGE}`,
    );
  return parsed.data;
}

// Runs the Java example (built by scripts/build-java-example.sh into build/kafka-streams-saga/)
// and reads the JSON line it prints last: for npm run example:kafka-streams and for tests.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const EXAMPLE_JAR = join("build", "kafka-streams-saga", "kafka-streams-saga.jar");
export const SAGA_FILE = join("examples", "kafka-streams-saga", "saga.yaml");

/** How each outcome the summary counts ends its instance (the jar's Plan.Outcome; saga.yaml's `ends`). */
export const OUTCOME_ENDINGS = {
  "order-confirmed": "COMPLETED",
  "rollback-payment": "COMPENSATED",
  "rollback-stock": "COMPENSATED",
  "order-rejected": "FAILED",
  stuck: "STUCK",
} as const;

/**
 * saga.yaml as the jar run with `--prefix prefix` needs it: its topics, consumer groups and
 * application.id all begin with the prefix (and another time-out, if given).
 */
export function sagaText(prefix: string, timeoutMs?: number, file = SAGA_FILE): string {
  const text = readFileSync(file, "utf8")
    .replaceAll(/topic: (orders|payment-orders|stock-orders)\b/g, `topic: ${prefix}$1`)
    .replaceAll("groups: [", `groups: [${prefix}`);
  return timeoutMs === undefined ? text : text.replace(/timeoutMs: \d+/, `timeoutMs: ${timeoutMs}`);
}

/** Step ids of saga.yaml that end an instance, and `stuck` (no outcome). */
export type OutcomeCounts = {
  "order-confirmed": number;
  "rollback-payment": number;
  "rollback-stock": number;
  "order-rejected": number;
  stuck: number;
};

/** The summary line (examples/kafka-streams-saga/README.md). */
export type ExampleSummary = {
  saga: "kafka-streams-orders";
  ok: boolean;
  problem?: string;
  prefix: string;
  orders: number;
  expected: OutcomeCounts;
  /** Instances by the ending the observer should give them. */
  endings: { COMPLETED: number; COMPENSATED: number; FAILED: number; STUCK: number };
  produced: OutcomeCounts;
  published: number;
  replies: { payment: number; stock: number };
  outcomeAtTriggeringReply: number;
  outcomeAtOtherTime: number;
  duplicates: number;
  unexpected: number;
  mismatched: number;
  compensations: { payment: number; stock: number };
  reservedLeft: { payment: number; stock: number };
  ms: number;
};

export type ExampleOptions = {
  brokers: string;
  count?: number;
  rate?: number;
  prefix?: string;
  joinWindowMs?: number;
  timeoutMs?: number;
  java?: string;
};

/** Builds the jar if its sources changed (a no-op otherwise). */
export function buildExample(root = process.cwd()): void {
  const r = spawnSync("bash", [join(root, "scripts", "build-java-example.sh")], { stdio: "inherit" });
  if (r.status !== 0) throw new Error(`scripts/build-java-example.sh exited with ${r.status}`);
}

export function exampleArgs(o: ExampleOptions): string[] {
  const flags: [string, string | number | undefined][] = [
    ["--brokers", o.brokers],
    ["--count", o.count],
    ["--rate", o.rate],
    ["--prefix", o.prefix],
    ["--join-window-ms", o.joinWindowMs],
    ["--timeout-ms", o.timeoutMs],
  ];
  return flags.flatMap(([f, v]) => (v === undefined ? [] : [f, String(v)]));
}

/** Runs one process of the example to its end; its progress goes to stderr (or `log`). */
export function runExample(
  o: ExampleOptions,
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<{ code: number; summary: ExampleSummary | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(o.java ?? "java", ["-jar", EXAMPLE_JAR, ...exampleArgs(o)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    let err = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      err += d;
      const lines = err.split("\n");
      err = lines.pop() ?? "";
      lines.forEach(log);
    });
    child.once("error", reject);
    child.once("close", (code) => {
      if (err) log(err);
      const last = out.trim().split("\n").pop() ?? "";
      resolve({ code: code ?? 1, summary: last.startsWith("{") ? (JSON.parse(last) as ExampleSummary) : null });
    });
  });
}

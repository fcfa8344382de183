// What the observer bench feeds: the bank-transfer example's definition on prefixed topics
// (written to a temporary file for the observer's SAGA_DEFINITIONS), its transfers at a fixed
// record rate, and one instance with many records whose view is timed.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Producer } from "kafkajs";
import { parse, stringify } from "yaml";
import { SagaDefinition } from "../../contracts/sagas";
import { publishTransfers } from "../../examples/bank-transfer/publish";
import { transferId, transferRecords, type Topics } from "../../examples/bank-transfer/transfers";

export const EXAMPLE_DEFINITION = "examples/bank-transfer/saga.yaml";

export type BenchSaga = { name: string; file: string; topics: Topics };

/** The example's definition with every topic under `prefix`, in a file of its own. */
export function prefixedDefinition(prefix: string, runs = false): BenchSaga {
  const raw = parse(readFileSync(EXAMPLE_DEFINITION, "utf8")) as {
    steps: { id: string; topic: string; starts?: boolean }[];
  };
  if (runs) raw.steps[0]!.starts = true;
  const d = SagaDefinition.parse(raw);
  const topicOf = (step: string) => `${prefix}${d.steps.find((s) => s.id === step)!.topic}`;
  raw.steps = raw.steps.map((s) => ({ ...s, topic: `${prefix}${s.topic}` }));
  const file = join(mkdtempSync(join(tmpdir(), "bench-observer-")), "saga.yaml");
  writeFileSync(file, stringify(raw));
  return {
    name: d.name,
    file,
    topics: { transfers: topicOf("transfer-requested"), ledger: topicOf("credit-applied") },
  };
}

/** Records per transfer over the example's mix of 20 (12 completed, 3+3 cancelled, 1 stuck, 1 malformed). */
export function recordsPerTransfer(): number {
  const t = { transfers: "t", ledger: "l" };
  let n = 0;
  for (let i = 0; i < 20; i++) n += transferRecords("r", i, t).length;
  return n / 20;
}

/** One transfer with `records` records: requested, then reservations, then completed. Returns its id. */
export async function publishBigInstance(
  producer: Producer,
  topics: Topics,
  run: string,
  records: number,
): Promise<string> {
  const id = transferId(`${run}-big`, 0);
  const type = (n: number) =>
    n === 0 ? "TransferRequested" : n === records - 1 ? "TransferCompleted" : "FundsReserved";
  const messages = Array.from({ length: records }, (_, n) => ({
    key: "acc-big",
    value: JSON.stringify({ transferId: id, type: type(n), seq: n, amount: 10 }),
  }));
  for (let at = 0; at < messages.length; at += 500)
    await producer.send({ topic: topics.transfers, messages: messages.slice(at, at + 500) });
  return id;
}

/** Offers `rate` records/s for `seconds` as the example's transfers (the producer waits for acks=all). */
export async function offerAtRate(
  producer: Producer,
  topics: Topics,
  run: string,
  rate: number,
  seconds: number,
): Promise<{ sent: number; ms: number }> {
  const transfersPerSecond = rate / recordsPerTransfer();
  const count = Math.round(transfersPerSecond * seconds);
  const t0 = performance.now();
  // A wave a tenth of a second's transfers: a few sends per wave, each a few hundred records.
  const wave = Math.max(10, Math.round(transfersPerSecond / 10));
  const sent = await publishTransfers({ producer, topics, run, count, rate: transfersPerSecond, wave });
  return { sent, ms: performance.now() - t0 };
}

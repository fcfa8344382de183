import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PartialWriteFailure, writeChunk } from "./chunks";

type E = { n: number; valid: boolean };
const entries = (n: number, invalid: number[] = []): E[] =>
  Array.from({ length: n }, (_, i) => ({ n: i, valid: !invalid.includes(i) }));

/** A sink whose write of a set fails when it holds a poison entry, saying where when `locates`. */
function sink(poison: number[], locates: boolean) {
  const log: string[] = [];
  return {
    log,
    canJoin: (e: E) => e.valid,
    together: async (es: E[]) => {
      const at = es.findIndex((e) => poison.includes(e.n));
      if (at >= 0) {
        log.push(`failed:${es[0]!.n}-${es[es.length - 1]!.n}`);
        throw locates ? new PartialWriteFailure(at, 1, new Error("poison")) : new Error("poison");
      }
      log.push(`together:${es.map((e) => e.n).join(",")}`);
    },
    alone: async (e: E) => void log.push(`alone:${e.n}`),
  };
}

describe("writeChunk", () => {
  it("writes a chunk with no failure in one call", async () => {
    const s = sink([], true);
    await writeChunk(entries(5), s);
    assert.deepEqual(s.log, ["together:0,1,2,3,4"]);
  });

  it("redoes the entries before a located failure together, the culprit alone, the rest together", async () => {
    const s = sink([3], true);
    await writeChunk(entries(8), s);
    assert.deepEqual(s.log, ["failed:0-7", "together:0,1,2", "alone:3", "together:4,5,6,7"]);
  });

  it("halves a run whose failure is not located until the culprit is alone", async () => {
    const s = sink([5], false);
    await writeChunk(entries(8), s);
    const alone = s.log.filter((l) => l.startsWith("alone:"));
    assert.ok(alone.includes("alone:5"), "the culprit is handled alone");
    assert.ok(alone.length <= 2, `a few neighbours at most go alone with it: ${alone.join(" ")}`);
    const written = s.log
      .filter((l) => !l.startsWith("failed"))
      .flatMap((l) => l.split(":")[1]!.split(",").map(Number));
    assert.deepEqual(written, [0, 1, 2, 3, 4, 5, 6, 7], "every entry written once, in order");
    assert.ok(s.log.filter((l) => l.startsWith("failed")).length <= 4, s.log.join(" "));
  });

  it("hands an entry the sink refused to `alone`, in its place", async () => {
    const s = sink([], true);
    await writeChunk(entries(5, [2]), s);
    assert.deepEqual(s.log, ["together:0,1", "alone:2", "together:3,4"]);
  });

  it("writes alone when nothing may share a transaction", async () => {
    const s = { ...sink([], true), canJoin: () => false };
    await writeChunk(entries(3), s);
    assert.deepEqual(s.log, ["alone:0", "alone:1", "alone:2"]);
  });
});

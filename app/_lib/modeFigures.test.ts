import assert from "node:assert/strict";
import { test } from "node:test";
import { figureRows, parseModeFigures } from "./modeFigures";

const mode = (sagasPerSecond: number | null) => ({
  sagasPerSecond,
  latencyMs: { p50: 40, p99: 120 },
  cpuMsPerSaga: 6.5,
  recordsPerSaga: 5.2,
  kafkaMsPerSaga: 30,
});
const file = {
  at: "2026-11-25",
  command: "npm run bench -- --mode both",
  machine: "2 cores",
  modes: { choreography: mode(110), orchestration: mode(null) },
};

test("no file is 'not measured yet', not zeros", () => {
  assert.deepEqual(parseModeFigures(null), { state: "missing" });
});

test("a malformed file says what is wrong", () => {
  const bad = parseModeFigures("{");
  assert.equal(bad.state, "invalid");
  const wrong = parseModeFigures(JSON.stringify({ ...file, modes: { choreography: mode(1) } }));
  assert.equal(wrong.state, "invalid");
  assert.match((wrong as { why: string }).why, /modes\.orchestration/);
  const negative = parseModeFigures(JSON.stringify({ ...file, modes: { ...file.modes, choreography: mode(-1) } }));
  assert.equal(negative.state, "invalid");
});

test("a measured file becomes one row per measure with both modes' values", () => {
  const loaded = parseModeFigures(JSON.stringify(file));
  assert.equal(loaded.state, "measured");
  if (loaded.state !== "measured") return;
  assert.equal(loaded.figures.command, "npm run bench -- --mode both");
  const rows = figureRows(loaded.figures);
  assert.deepEqual(rows[0], {
    label: "Throughput",
    unit: "sagas/s",
    values: { choreography: 110, orchestration: null },
  });
  assert.deepEqual(
    rows.map((r) => r.label),
    ["Throughput", "Latency p50", "Latency p99", "CPU per saga", "Messages per saga", "Kafka time per saga"],
  );
});

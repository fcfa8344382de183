// The benchmark's figures for both saga modes as committed in docs/figures/modes.json (written
// from `npm run bench -- --mode both`), read and checked; a missing or malformed file is said so,
// never replaced by numbers.
import { z } from "zod";
import { SAGA_MODES, type SagaMode } from "../../contracts/topics";

/** A figure the bench did not measure may be null. */
const figure = z.number().finite().nonnegative().nullable();

export const ModeBenchFigures = z.object({
  sagasPerSecond: figure,
  latencyMs: z.object({ p50: figure, p99: figure }),
  cpuMsPerSaga: figure,
  recordsPerSaga: figure,
  kafkaMsPerSaga: figure,
});
export type ModeBenchFigures = z.infer<typeof ModeBenchFigures>;

export const ModeFigures = z.object({
  /** When it was measured (ISO date or date-time). */
  at: z.string().min(1),
  /** The command that measured it. */
  command: z.string().min(1),
  /** What it ran on ("2 cores, …"). */
  machine: z.string(),
  modes: z.object({ choreography: ModeBenchFigures, orchestration: ModeBenchFigures }),
});
export type ModeFigures = z.infer<typeof ModeFigures>;

/** The committed file's path, from the repository root. */
export const MODE_FIGURES_PATH = "docs/figures/modes.json";

export type LoadedFigures =
  { state: "measured"; figures: ModeFigures } | { state: "missing" } | { state: "invalid"; why: string };

/** `text`: the file's content, or null when there is no such file. */
export function parseModeFigures(text: string | null): LoadedFigures {
  if (text === null) return { state: "missing" };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { state: "invalid", why: `not JSON: ${(e as Error).message}` };
  }
  const parsed = ModeFigures.safeParse(json);
  if (!parsed.success)
    return {
      state: "invalid",
      why: parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`).join("; "),
    };
  return { state: "measured", figures: parsed.data };
}

export type FigureRow = { label: string; unit: "sagas/s" | "ms" | "records"; values: Record<SagaMode, number | null> };

/** The figures as table rows, one per measure, a value per mode. */
export function figureRows(f: ModeFigures): FigureRow[] {
  const row = (label: string, unit: FigureRow["unit"], pick: (m: ModeBenchFigures) => number | null): FigureRow => ({
    label,
    unit,
    values: Object.fromEntries(SAGA_MODES.map((m) => [m, pick(f.modes[m])])) as Record<SagaMode, number | null>,
  });
  return [
    row("Throughput", "sagas/s", (m) => m.sagasPerSecond),
    row("Latency p50", "ms", (m) => m.latencyMs.p50),
    row("Latency p99", "ms", (m) => m.latencyMs.p99),
    row("CPU per saga", "ms", (m) => m.cpuMsPerSaga),
    row("Messages per saga", "records", (m) => m.recordsPerSaga),
    row("Kafka time per saga", "ms", (m) => m.kafkaMsPerSaga),
  ];
}

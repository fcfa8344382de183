// /modes: choreography and orchestration side by side — a live race of the same orders through
// both, what each service must know in each, and the benchmark's figures when measured.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ModeRace } from "../_components/modes/ModeRace";
import { MeasuredFigures } from "../_components/modes/MeasuredFigures";
import { MustKnow } from "../_components/modes/MustKnow";
import { MODE_FIGURES_PATH, parseModeFigures } from "../_lib/modeFigures";

export const metadata = { title: "Saga modes · SagaScope" };
// Read the figures file on each request: the bench may commit it after the build.
export const dynamic = "force-dynamic";

async function figuresText(): Promise<string | null> {
  try {
    return await readFile(join(process.cwd(), MODE_FIGURES_PATH), "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

export default async function ModesPage() {
  const loaded = parseModeFigures(await figuresText());
  return (
    <div className="stack">
      <div>
        <h1>Choreography or orchestration</h1>
        <p className="lead">
          The same services run both saga designs. Race them with the same orders, see what each service has to know,
          and read the benchmark.
        </p>
      </div>
      <ModeRace />
      <MustKnow />
      <MeasuredFigures loaded={loaded} />
    </div>
  );
}

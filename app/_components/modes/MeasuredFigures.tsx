// The benchmark's figures for both modes, as committed in docs/figures/modes.json, or why there
// are none.
import { SAGA_MODES } from "../../../contracts/topics";
import { formatMs } from "../../../contracts/timings";
import { MODE_FIGURES_PATH, figureRows, type FigureRow, type LoadedFigures } from "../../_lib/modeFigures";
import { MODE_LABEL } from "../../_lib/topology";

function shown(value: number | null, unit: FigureRow["unit"]): string {
  if (value === null) return "not measured";
  // CPU per saga is a few ms: keep a decimal that formatMs would round away.
  if (unit === "ms") return value >= 1 && value < 100 ? `${value.toFixed(1)} ms` : formatMs(value);
  return `${value.toFixed(1)}${unit === "sagas/s" ? " sagas/s" : ""}`;
}

export function MeasuredFigures({ loaded }: { loaded: LoadedFigures }) {
  return (
    <section className="panel stack" aria-labelledby="measured-title">
      <h2 id="measured-title" style={{ margin: 0 }}>
        Measured on this machine
      </h2>
      {loaded.state === "missing" ? (
        <p className="muted" style={{ margin: 0 }}>
          Not measured yet: there is no <code>{MODE_FIGURES_PATH}</code>. It is written from{" "}
          <code>npm run bench -- --mode both</code>; until then this page shows no benchmark figures, only what a race
          above measures.
        </p>
      ) : loaded.state === "invalid" ? (
        <p className="alert" role="alert" style={{ margin: 0 }}>
          <code>{MODE_FIGURES_PATH}</code> could not be read: {loaded.why}
        </p>
      ) : (
        <>
          <table>
            <caption>Benchmark figures by mode</caption>
            <thead>
              <tr>
                <th scope="col">Measure</th>
                {SAGA_MODES.map((m) => (
                  <th key={m} scope="col">
                    {MODE_LABEL[m]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {figureRows(loaded.figures).map((r) => (
                <tr key={r.label}>
                  <th scope="row">{r.label}</th>
                  {SAGA_MODES.map((m) => (
                    <td key={m}>{shown(r.values[m], r.unit)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="small muted" style={{ margin: 0 }}>
            Measured {loaded.figures.at} with <code>{loaded.figures.command}</code>
            {loaded.figures.machine ? ` on ${loaded.figures.machine}` : ""}.
          </p>
        </>
      )}
    </section>
  );
}

// The race's figures for both modes side by side: one table of measures, outcomes by reason,
// and each mode's compensation paths.
import { formatMs } from "../../../contracts/timings";
import { SAGA_MODES, type SagaMode } from "../../../contracts/topics";
import type { ModeSummary } from "../../_lib/modeSummary";
import { MODE_LABEL } from "../../_lib/topology";

type Summaries = Record<SagaMode, ModeSummary>;

const dash = "–";
const num = (n: number | null, digits = 1) => (n === null ? dash : n.toFixed(digits));

const MEASURES: { label: string; value: (s: ModeSummary) => string }[] = [
  { label: "Sagas ended / placed", value: (s) => `${s.ended} / ${s.placed}` },
  { label: "Wall time", value: (s) => formatMs(s.wallMs) },
  { label: "Throughput", value: (s) => (s.sagasPerSecond === null ? dash : `${num(s.sagasPerSecond)} sagas/s`) },
  { label: "Latency p50", value: (s) => formatMs(s.latencyMs.p50) },
  { label: "Latency p95", value: (s) => formatMs(s.latencyMs.p95) },
  { label: "Latency p99", value: (s) => formatMs(s.latencyMs.p99) },
  { label: "Messages per saga", value: (s) => num(s.messagesPerSaga) },
  { label: "Hops per saga", value: (s) => num(s.hopsPerSaga) },
  { label: "Kafka time per saga", value: (s) => formatMs(s.kafkaMsPerSaga) },
  { label: "Outbox time per saga", value: (s) => formatMs(s.outboxMsPerSaga) },
  { label: "Handler time per saga", value: (s) => formatMs(s.handlerMsPerSaga) },
];

function ModeHeads() {
  return SAGA_MODES.map((m) => (
    <th key={m} scope="col">
      {MODE_LABEL[m]}
    </th>
  ));
}

export function RaceResults({ summaries }: { summaries: Summaries }) {
  const labels = [...new Set(SAGA_MODES.flatMap((m) => summaries[m].outcomes.map((o) => o.label)))].sort();
  const count = (m: SagaMode, label: string) => summaries[m].outcomes.find((o) => o.label === label)?.count ?? 0;
  return (
    <div className="stack">
      <table>
        <caption>Race results by mode</caption>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <ModeHeads />
          </tr>
        </thead>
        <tbody>
          {MEASURES.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              {SAGA_MODES.map((m) => (
                <td key={m} style={{ fontVariantNumeric: "tabular-nums" }}>
                  {r.value(summaries[m])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small muted" style={{ margin: 0 }}>
        Messages are the distinct events of an order&apos;s journey; hops are the steps a handler took from another
        step. Kafka time is each step&apos;s cause waiting in its topic; outbox time, from a step&apos;s commit to its
        publication; handler time, the local transaction in between (summed over the journey, then averaged). Throughput
        is this batch&apos;s ended sagas over its wall time, bounded by how fast this page places orders (four at a
        time), not by what the services can carry: the benchmark below measures that.
      </p>
      <table>
        <caption>Outcomes by mode</caption>
        <thead>
          <tr>
            <th scope="col">Outcome</th>
            <ModeHeads />
          </tr>
        </thead>
        <tbody>
          {labels.length === 0 ? (
            <tr>
              <td colSpan={3} className="muted">
                No saga has ended yet.
              </td>
            </tr>
          ) : (
            labels.map((label) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {SAGA_MODES.map((m) => (
                  <td key={m}>{count(m, label)}</td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
      <div className="row" style={{ alignItems: "flex-start", gap: 16 }}>
        {SAGA_MODES.map((m) => (
          <CompensationPaths key={m} summary={summaries[m]} />
        ))}
      </div>
    </div>
  );
}

function CompensationPaths({ summary }: { summary: ModeSummary }) {
  return (
    <table style={{ flex: 1, minWidth: 320 }}>
      <caption>Compensation paths in {MODE_LABEL[summary.mode].toLowerCase()}</caption>
      <thead>
        <tr>
          <th scope="col">Steps of a cancelled order</th>
          <th scope="col">Orders</th>
        </tr>
      </thead>
      <tbody>
        {summary.compensationPaths.length === 0 ? (
          <tr>
            <td colSpan={2} className="muted">
              No cancelled order yet.
            </td>
          </tr>
        ) : (
          summary.compensationPaths.map((p) => (
            <tr key={p.path.join(">")}>
              <td>
                <ol className="small" style={{ margin: 0, paddingLeft: 18 }}>
                  {p.path.map((step, i) => (
                    <li key={i}>
                      <code>{step}</code>
                    </li>
                  ))}
                </ol>
              </td>
              <td>{p.count}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

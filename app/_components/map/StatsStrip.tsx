// The figures above the live map: order totals, throughput, end-to-end latency percentiles,
// compensation rate and DLQ depth. Each figure is a labelled group ("Completed: 12").
import type { BridgeStats } from "../../../contracts/socket";
import { formatMs } from "../../../contracts/timings";

export function Stat({ k, v }: { k: string; v: string }) {
  return (
    <div className="stat" role="group" aria-label={`${k}: ${v}`}>
      <div className="k">{k}</div>
      <div className="v">{v}</div>
    </div>
  );
}

export function StatsStrip({ stats }: { stats: BridgeStats | null }) {
  const s = stats;
  const pct =
    s?.compensationRate === null || s?.compensationRate === undefined
      ? "–"
      : `${(s.compensationRate * 100).toFixed(1)} %`;
  return (
    <section className="stats" aria-label="Saga statistics">
      <Stat k="Completed" v={String(s?.orders.completed ?? 0)} />
      <Stat k="Cancelled" v={String(s?.orders.cancelled ?? 0)} />
      <Stat k="In flight" v={String(s?.orders.inFlight ?? 0)} />
      <Stat k="Throughput" v={`${(s?.throughput ?? 0).toFixed(1)} orders/s`} />
      <Stat k="Latency p50" v={formatMs(s?.latencyMs.p50)} />
      <Stat k="Latency p95" v={formatMs(s?.latencyMs.p95)} />
      <Stat k="Latency p99" v={formatMs(s?.latencyMs.p99)} />
      <Stat k="Compensation rate" v={pct} />
      <Stat k="DLQ depth" v={String(s?.dlqDepth ?? 0)} />
    </section>
  );
}

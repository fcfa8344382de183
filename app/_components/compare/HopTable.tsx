// Two orders' timelines aligned hop by hop: per hop, each order's Kafka wait, handler and outbox
// time on one shared scale, and which order was slower, by how much.
import { formatMs, type StepTiming } from "../../../contracts/timings";
import { SIDE_NAME, type AlignedHop } from "../../_lib/compare";
import { SIDE_COLOR } from "../../_lib/compareGraph";
import type { JourneyStep } from "../../_lib/journey";
import { CompareTable } from "./CompareParts";

function Bar({ step, scale, side }: { step: JourneyStep | null; scale: number; side: "a" | "b" }) {
  if (!step) return <span className="small muted">not taken by {SIDE_NAME[side]}</span>;
  const t: StepTiming = step.timing;
  const pct = (v: number | null) => `${(Math.max(0, v ?? 0) / scale) * 100}%`;
  return (
    <div className="stack" style={{ gap: 2 }}>
      <div
        className="tl-track"
        aria-hidden="true"
        style={{ outline: `2px solid ${SIDE_COLOR[side]}`, outlineOffset: 1 }}
      >
        <div className="tl-seg tl-kafka" style={{ left: 0, width: pct(t.kafkaWaitMs) }} />
        <div className="tl-seg tl-handler" style={{ left: pct(t.kafkaWaitMs), width: pct(t.handlerMs) }} />
        <div
          className="tl-seg tl-outbox"
          style={{ left: pct((t.kafkaWaitMs ?? 0) + (t.handlerMs ?? 0)), width: pct(t.outboxMs) }}
        />
      </div>
      <span className="small muted">
        #{step.n} · {formatMs(t.totalMs)} (Kafka {formatMs(t.kafkaWaitMs)}, handler {formatMs(t.handlerMs)}, outbox{" "}
        {formatMs(t.outboxMs)})
      </span>
    </div>
  );
}

export function HopTable({ rows }: { rows: AlignedHop[] }) {
  const scale = Math.max(1, ...rows.flatMap((r) => [r.a?.timing.totalMs ?? 0, r.b?.timing.totalMs ?? 0]));
  return (
    <section aria-label="Hops compared">
      <h2>Hop by hop</h2>
      <p className="legend small">
        <span>
          <span className="swatch" style={{ borderColor: "#93c5fd" }} />
          waiting in Kafka
        </span>
        <span>
          <span className="swatch" style={{ borderColor: "#1d4ed8" }} />
          in the handler
        </span>
        <span>
          <span className="swatch" style={{ borderColor: "#c4b5fd" }} />
          in the outbox
        </span>
        <span>bars share one scale: {formatMs(scale)} is the full width</span>
      </p>
      <CompareTable label="Hop timings of order A and order B" columns={["Hop", "Order A", "Order B", "Difference"]}>
        {rows.map((r, i) => (
          <div
            role="row"
            className="cmp-row"
            key={`${r.name}-${r.a?.n ?? "x"}-${r.b?.n ?? "x"}-${i}`}
            aria-label={`${r.name}: ${r.verdict}`}
          >
            <span role="cell">{r.name}</span>
            <span role="cell">
              <Bar step={r.a} scale={scale} side="a" />
            </span>
            <span role="cell">
              <Bar step={r.b} scale={scale} side="b" />
            </span>
            <span
              role="cell"
              className={r.diff?.slower ? "cmp-slower" : "muted"}
              style={{ color: r.diff?.slower ? SIDE_COLOR[r.diff.slower] : undefined }}
            >
              {r.verdict}
            </span>
          </div>
        ))}
      </CompareTable>
    </section>
  );
}

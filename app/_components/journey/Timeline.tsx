// Per step, on one time axis: how long the cause waited in Kafka, how long the handler took,
// and how long the event sat in the outbox before the relay published it. A step's name selects it.
import type { Journey } from "../../_lib/journey";
import { formatMs, timingTotals } from "../../../contracts/timings";

export function Timeline({
  journey,
  selected,
  onSelect,
}: {
  journey: Journey;
  selected: number | null;
  onSelect(n: number): void;
}) {
  const span = Math.max(1, ...journey.steps.map((s) => s.timing.endMs));
  const pct = (v: number) => `${(Math.max(0, v) / span) * 100}%`;
  const totals = timingTotals(journey.steps.map((s) => s.timing));
  return (
    <section aria-label="Timeline">
      <h2>Timeline</h2>
      <p className="legend small">
        <span>
          <span className="swatch" style={{ borderColor: "#93c5fd" }} />
          waiting in Kafka {formatMs(totals.kafkaMs)}
        </span>
        <span>
          <span className="swatch" style={{ borderColor: "#1d4ed8" }} />
          in the handler {formatMs(totals.handlerMs)}
        </span>
        <span>
          <span className="swatch" style={{ borderColor: "#c4b5fd" }} />
          in the outbox {formatMs(totals.outboxMs)}
        </span>
      </p>
      <div className="timeline">
        {journey.steps.map((s) => {
          const t = s.timing;
          const kafkaStart = t.startMs;
          const handlerStart = kafkaStart + (t.kafkaWaitMs ?? 0);
          const outboxStart = t.endMs - t.outboxMs;
          const text = `Kafka ${formatMs(t.kafkaWaitMs)}, handler ${formatMs(t.handlerMs)}, outbox ${formatMs(t.outboxMs)}`;
          return (
            <div
              className={`tl-row${selected === s.n ? " selected" : ""}`}
              key={s.step.eventId}
              aria-label={`Step ${s.n} ${s.name}: ${text}`}
              aria-current={selected === s.n ? "step" : undefined}
            >
              <button type="button" className="linklike" aria-pressed={selected === s.n} onClick={() => onSelect(s.n)}>
                #{s.n} {s.name}
              </button>
              <div className="tl-track" aria-hidden="true">
                {t.kafkaWaitMs !== null && (
                  <div className="tl-seg tl-kafka" style={{ left: pct(kafkaStart), width: pct(t.kafkaWaitMs) }} />
                )}
                {t.handlerMs !== null && (
                  <div
                    className="tl-seg tl-handler"
                    style={{ left: pct(handlerStart), width: pct(Math.max(t.handlerMs, span / 400)) }}
                  />
                )}
                <div
                  className="tl-seg tl-outbox"
                  style={{ left: pct(outboxStart), width: pct(Math.max(t.outboxMs, span / 400)) }}
                />
              </div>
              <span className="small muted">{text.replaceAll(", ", " · ")}</span>
            </div>
          );
        })}
      </div>
    </section>
  );
}

// Every record of the order in saga order; each opens to show where it was in Kafka, its
// timings and the full envelope, and can be published again (the consumers must ignore it).
// Opening a record selects its step; the selected step's record is open.
import type { JourneyStep } from "../../_lib/journey";
import { formatMs } from "../../../contracts/timings";
import { topicClass } from "../map/EventTicker";
import { DuplicateButton } from "./DuplicateButton";

type Props = { steps: JourneyStep[]; duplicates: number; selected: number | null; onSelect(n: number): void };

export function EventList({ steps, duplicates, selected, onSelect }: Props) {
  return (
    <section aria-label="Events">
      <h2>Events ({steps.length})</h2>
      <p className="small muted" data-testid="duplicates">
        {duplicates === 0
          ? "No duplicates received."
          : `${duplicates} duplicate record(s) received and ignored (same eventId).`}
      </p>
      <div className="stack" style={{ gap: 4 }}>
        {steps.map((s) => (
          // Selected on the toggle, not on the summary's click: a click re-renders first, and its
          // own toggle would then close the record React had just opened.
          <details
            key={s.step.eventId}
            className={`event${selected === s.n ? " selected" : ""}`}
            open={selected === s.n || undefined}
            aria-current={selected === s.n ? "step" : undefined}
            onToggle={(e) => e.currentTarget.open && onSelect(s.n)}
          >
            <summary>
              #{s.n} <span className={topicClass(s.step.envelope)}>{s.name}</span>{" "}
              <span className="muted small">
                by {s.step.producer} · partition {s.step.partition} offset {s.step.offset} ·{" "}
                {s.step.occurredAt.slice(11, 23)}
              </span>
            </summary>
            <DuplicateButton eventId={s.step.eventId} topic={s.step.topic} n={s.n} />
            <p className="small muted">
              broker time {s.step.brokerTimestamp} · handler received cause {s.step.causeConsumedAt ?? "(HTTP request)"}{" "}
              · Kafka wait {formatMs(s.timing.kafkaWaitMs)} · handler {formatMs(s.timing.handlerMs)} · outbox{" "}
              {formatMs(s.timing.outboxMs)}
            </p>
            <pre aria-label={`Payload of step ${s.n}`}>{JSON.stringify(s.step.envelope, null, 2)}</pre>
          </details>
        ))}
      </div>
    </section>
  );
}

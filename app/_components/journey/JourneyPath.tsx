// The order's path in words: numbered steps with who published what to whom, and how long
// (a command or reply named with what it carries: "stock-command (restore)").
// Each step can be selected (the graph, the timeline and the event list show the same one).
import type { Journey } from "../../_lib/journey";
import { formatMs } from "../../../contracts/timings";
import { nodeLabel, SERVICE_LABEL } from "../../_lib/topology";
import { topicClass } from "../map/EventTicker";

type Props = { journey: Journey; selected: number | null; onSelect(n: number): void };

export function JourneyPath({ journey, selected, onSelect }: Props) {
  return (
    <section aria-label="Path taken">
      <h2>Path taken</h2>
      {journey.steps.length === 0 ? (
        <p className="muted">No saga events yet.</p>
      ) : (
        <ol className="step-list">
          {journey.steps.map((s) => (
            <li
              key={s.step.eventId}
              aria-label={`Step ${s.n}: ${s.name}`}
              aria-current={selected === s.n ? "step" : undefined}
              className={selected === s.n ? "selected" : undefined}
            >
              <span className="step-n" aria-hidden="true">
                {s.n}.
              </span>
              <span>
                <button
                  type="button"
                  className="linklike"
                  aria-pressed={selected === s.n}
                  onClick={() => onSelect(s.n)}
                >
                  <span className={topicClass(s.step.envelope)}>{s.name}</span>{" "}
                  {s.edge
                    ? `${nodeLabel(journey.mode, s.edge.from)} → ${nodeLabel(journey.mode, s.edge.to)}`
                    : `dead-lettered by ${SERVICE_LABEL[s.step.producer]}`}
                </button>
                <span className="muted"> · {formatMs(s.timing.totalMs)}</span>
                {s.redeliveries > 0 && <span className="muted"> · delivered {s.redeliveries + 1}×</span>}
              </span>
            </li>
          ))}
        </ol>
      )}
      {journey.duplicates > 0 && (
        <p className="small muted">{journey.duplicates} duplicate records folded into the steps above.</p>
      )}
    </section>
  );
}

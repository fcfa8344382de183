// One watched instance's records on one time axis, in Kafka timestamp order: each bar runs from
// the record before it to this one's timestamp; each row says its time from the start and after
// the record before.
import { formatMs } from "../../../contracts/timings";
import { timelineWords, type TimelineRow } from "../../_lib/sagaInstances";

export function InstanceTimeline({ rows }: { rows: TimelineRow[] }) {
  return (
    <section className="panel" aria-label="Timeline">
      <h2>Timeline</h2>
      <p className="small muted">By Kafka timestamp; a bar is the time since the record before.</p>
      <div className="timeline">
        {rows.map((r) => {
          const text = `at +${formatMs(r.sinceStartMs)}, ${formatMs(r.gapMs)} after the record before`;
          const words = timelineWords(r);
          return (
            <div className="tl-row tl-watched" key={r.n} aria-label={`Record ${r.n} ${r.name}: ${text}`}>
              <span>#{r.n} {r.name}</span>
              <div className="tl-track" aria-hidden="true">
                <div className={`tl-seg ${r.record.kind === "forward" || r.record.kind === null ? "tl-handler" : "tl-outbox"}`} style={{ left: `${r.start * 100}%`, width: `${r.width * 100}%` }} />
              </div>
              <span className="small">
                {words.sinceStart} · {words.gap}
                <br />
                <span className="muted">{r.record.topic} p{r.record.partition} @{r.record.offset}</span>
              </span>
            </div>
          );
        })}
      </div>
    </section>
  );
}

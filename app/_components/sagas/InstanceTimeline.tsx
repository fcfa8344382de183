// One watched instance's records on one time axis, in the API's order (Kafka timestamp, then
// cause): each bar runs from the record it is timed from (the one before it, in its branch) to
// this one's timestamp; a branch's records sit in a lane of their own, side by side with the
// other branches'.
import { formatMs } from "../../../contracts/timings";
import { timelineWords, type TimelineRow } from "../../_lib/sagaInstances";

export function InstanceTimeline({ rows }: { rows: TimelineRow[] }) {
  const lanes = [...new Set(rows.flatMap((r) => (r.record.branch === null ? [] : [r.record.branch])))].sort();
  return (
    <section className="panel" aria-label="Timeline">
      <h2>Timeline</h2>
      <p className="small muted">
        By Kafka timestamp, records of one time by cause; a bar is the time since the record before
        {lanes.length > 0 ? ` in its branch (branches: ${lanes.join(", ")})` : ""}.
      </p>
      <div className="timeline">
        {rows.map((r) => {
          const text = `at +${formatMs(r.sinceStartMs)}, ${formatMs(r.gapMs)} after the record before`;
          const words = timelineWords(r);
          return (
            <div className="tl-row tl-watched" key={r.n} aria-label={`Record ${r.n} ${r.name}: ${text}`}>
              <span
                style={{
                  paddingLeft: r.record.branch === null ? 0 : `${(lanes.indexOf(r.record.branch) + 1) * 1.2}em`,
                }}
              >
                #{r.n} {r.name}
                {r.record.branch !== null && (
                  <span className="badge badge-mode" aria-label={`branch ${r.record.branch}`} style={{ marginLeft: 6 }}>
                    {r.record.branch}
                  </span>
                )}
              </span>
              <div className="tl-track" aria-hidden="true">
                <div
                  className={`tl-seg ${r.record.kind === "forward" || r.record.kind === null ? "tl-handler" : "tl-outbox"}`}
                  style={{ left: `${r.start * 100}%`, width: `${r.width * 100}%` }}
                />
              </div>
              <span className="small">
                {words.sinceStart} · {words.gap}
                <br />
                <span className="muted">
                  {r.record.topic} p{r.record.partition} @{r.record.offset}
                </span>
              </span>
            </div>
          );
        })}
      </div>
    </section>
  );
}

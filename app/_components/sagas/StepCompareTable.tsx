// Two instances' steps side by side, matched by step id: each one's position and time from its
// own start, the difference per matched step, and a marked line where the paths part.
import { formatMs } from "../../../contracts/timings";
import { SIDE_NAME, type Side } from "../../_lib/compare";
import { SIDE_COLOR } from "../../_lib/compareGraph";
import type { ComparedStep } from "../../_lib/sagaCompare";
import type { TimelineRow } from "../../_lib/sagaInstances";
import { CompareTable } from "../compare/CompareParts";

function Cell({ row, side }: { row: TimelineRow | null; side: Side }) {
  if (!row) return <span className="small muted">not taken by {SIDE_NAME[side]}</span>;
  return (
    <span style={{ borderLeft: `4px solid ${SIDE_COLOR[side]}`, paddingLeft: 6 }}>
      #{row.n} · +{formatMs(row.sinceStartMs)}
      <span className="small muted"> · {row.record.topic}</span>
    </span>
  );
}

export function StepCompareTable({ rows }: { rows: ComparedStep[] }) {
  return (
    <section className="panel" aria-label="Steps compared">
      <h2>Step by step</h2>
      <p className="small muted">
        Times are from each instance&apos;s first record (Kafka timestamps); the difference is B minus A.
      </p>
      <CompareTable
        label="Steps of instance A and instance B"
        columns={["Step", "Instance A", "Instance B", "Difference"]}
      >
        {rows.map((r, i) => {
          const later: Side | null = r.diffMs === null || r.verdict === "same time" ? null : r.diffMs > 0 ? "b" : "a";
          return (
            <div
              role="row"
              className={`cmp-row${r.divergence ? " cmp-diverge" : ""}`}
              key={`${r.name}-${r.a?.n ?? "x"}-${r.b?.n ?? "x"}-${i}`}
              aria-label={`${r.name}: ${r.verdict}${r.divergence ? ", the paths part here" : ""}`}
            >
              <span role="cell">
                {r.name}
                {r.divergence && (
                  <span className="small" style={{ display: "block", color: "#b45309" }}>
                    the paths part here
                  </span>
                )}
              </span>
              <span role="cell">
                <Cell row={r.a} side="a" />
              </span>
              <span role="cell">
                <Cell row={r.b} side="b" />
              </span>
              <span
                role="cell"
                className={later ? "cmp-slower" : "muted"}
                style={{ color: later ? SIDE_COLOR[later] : undefined }}
              >
                {r.verdict}
              </span>
            </div>
          );
        })}
      </CompareTable>
    </section>
  );
}

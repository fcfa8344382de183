// Every record of a watched instance as Kafka holds it: position, timestamp, key, headers (when
// the API gives them) and value: JSON indented, other text as text (React escapes it).
import type { InstanceRecord } from "../../../contracts/sagas";
import type { TimelineRow } from "../../_lib/sagaInstances";

type WithHeaders = InstanceRecord & { headers?: Record<string, string> };

function valueText(r: InstanceRecord): string {
  if (r.truncated) return `(not kept: ${r.size} bytes, above the size limit)`;
  return typeof r.value === "string" ? r.value : JSON.stringify(r.value, null, 2);
}

export function RecordList({ rows }: { rows: TimelineRow[] }) {
  return (
    <section className="panel" aria-label="Records">
      <h2>Records ({rows.length})</h2>
      {rows.map(({ n, name, record }) => {
        const r = record as WithHeaders;
        const headers = Object.entries(r.headers ?? {});
        return (
          <details className="event" key={n} aria-label={`Record ${n}: ${name}`}>
            <summary>
              #{n} <span className={`topic${r.kind && r.kind !== "forward" ? ` ${r.kind}` : ""}`}>{name}</span>{" "}
              <span className="small muted">{r.topic} · partition {r.partition} offset {r.offset} · {r.at}{r.from ? ` · by ${r.from}` : ""}{r.ends ? ` · ends ${r.ends}` : ""}</span>
            </summary>
            <dl className="small">
              <dt>key</dt>
              <dd><code>{r.key ?? "(none)"}</code></dd>
              {r.headers && (
                <>
                  <dt>headers</dt>
                  <dd>{headers.length ? headers.map(([k, v]) => <div key={k}><code>{k}: {v}</code></div>) : "(none)"}</dd>
                </>
              )}
            </dl>
            <pre aria-label={`Value of record ${n}`}>{valueText(r)}</pre>
          </details>
        );
      })}
    </section>
  );
}

// Every record of a watched instance as Kafka holds it: position, timestamp, key, headers (a
// name-value table, collapsed behind its count when long) and value: JSON indented, other text
// as text (React escapes it).
import type { InstanceRecord } from "../../../contracts/sagas";
import { headerRows, type TimelineRow } from "../../_lib/sagaInstances";

function valueText(r: InstanceRecord): string {
  if (r.truncated) return `(not kept: ${r.size} bytes, above the size limit)`;
  return typeof r.value === "string" ? r.value : JSON.stringify(r.value, null, 2);
}

function Headers({ n, headers }: { n: number; headers: InstanceRecord["headers"] }) {
  const { rows, collapsed } = headerRows(headers);
  if (rows.length === 0) return <p className="small muted">No headers.</p>;
  const table = (
    <table className="header-table small" aria-label={`Headers of record ${n}`}>
      <thead>
        <tr>
          <th scope="col">Header</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">
              <code>{k}</code>
            </th>
            <td>
              <code>{v}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  if (!collapsed) return table;
  return (
    <details>
      <summary className="small">
        {rows.length} {rows.length === 1 ? "header" : "headers"}
      </summary>
      {table}
    </details>
  );
}

export function RecordList({ rows }: { rows: TimelineRow[] }) {
  return (
    <section className="panel" aria-label="Records">
      <h2>Records ({rows.length})</h2>
      {rows.map(({ n, name, record: r }) => (
        <details className="event" key={n} aria-label={`Record ${n}: ${name}`}>
          <summary>
            #{n} <span className={`topic${r.kind && r.kind !== "forward" ? ` ${r.kind}` : ""}`}>{name}</span>{" "}
            <span className="small muted">
              {r.topic} · partition {r.partition} offset {r.offset} · {r.at}
              {r.from ? ` · by ${r.from}` : ""}
              {r.ends ? ` · ends ${r.ends}` : ""}
            </span>
          </summary>
          <dl className="small record-meta">
            <dt>key</dt>
            <dd>
              <code>{r.key ?? "(none)"}</code>
            </dd>
          </dl>
          <Headers n={n} headers={r.headers} />
          <pre aria-label={`Value of record ${n}`}>{valueText(r)}</pre>
        </details>
      ))}
    </section>
  );
}

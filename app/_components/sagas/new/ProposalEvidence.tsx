// Why discovery proposed what it did: the records it read per topic, how many instances they
// make, the correlation candidates best first with their scores, each step's sampled records,
// and what it could not find.
import type { DiscoverAnswer } from "../../../../contracts/sagas";

const where = (source: string, field: string) =>
  source === "key" ? `the record key (${field})` : source === "header" ? `header ${field}` : `JSON path ${field}`;

export function ProposalEvidence({ evidence }: { evidence: DiscoverAnswer["evidence"] }) {
  const sampled = Object.entries(evidence.sampled);
  const total = sampled.reduce((n, [, v]) => n + v, 0);
  return (
    <section className="panel stack" aria-label="Evidence">
      <h2>What the sample says</h2>
      <p aria-label="Sample">
        {total.toLocaleString("en-US")} records read ({sampled.map(([t, n]) => `${t} ${n}`).join(", ") || "none"}); the
        proposal makes <strong>{evidence.instances.toLocaleString("en-US")}</strong> instances of them.
      </p>
      {evidence.problems.length > 0 && (
        <div className="notice" role="status" aria-label="What discovery could not find">
          <ul style={{ margin: 0 }}>
            {evidence.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <table className="dlq-table" aria-label="Correlation candidates">
        <caption className="small muted" style={{ textAlign: "left" }}>
          Correlation candidates, best first (the first is proposed)
        </caption>
        <thead>
          <tr>
            <th>Read from</th>
            <th>Score</th>
            <th>Instances</th>
            <th>Topics</th>
          </tr>
        </thead>
        <tbody>
          {evidence.correlation.map((c) => (
            <tr
              key={`${c.source}:${c.field}`}
              aria-label={`Candidate ${where(c.source, c.field)}: score ${c.score.toFixed(2)}`}
            >
              <td>{where(c.source, c.field)}</td>
              <td>{c.score.toFixed(2)}</td>
              <td>{c.instances}</td>
              <td className="small">{c.topics.join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {evidence.correlation.length === 0 && <p className="muted small">No field recurs across the records.</p>}
      <table className="dlq-table" aria-label="Proposed steps">
        <thead>
          <tr>
            <th>Step</th>
            <th>Topic</th>
            <th>Sampled records</th>
            <th>From → to</th>
          </tr>
        </thead>
        <tbody>
          {evidence.steps.map((s) => (
            <tr key={s.id} aria-label={`Step ${s.id}: ${s.records} sampled records`}>
              <td>
                <code>{s.id}</code>
              </td>
              <td className="topic">{s.topic}</td>
              <td>{s.records}</td>
              <td className="small">
                {s.from} → {s.to.join(", ") || "nobody"}
                {s.toInferred ? " (inferred)" : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

// What each service must know in each mode, side by side (derived in modeKnowledge.ts).
import { SAGA_MODES } from "../../../contracts/topics";
import { KNOWLEDGE, type ModeKnowledge } from "../../_lib/modeKnowledge";
import { MODE_LABEL, SERVICE_LABEL, nodeLabel } from "../../_lib/topology";

const topics = (ts: string[]) =>
  ts.length ? (
    ts.map((t, i) => (
      <span key={t}>
        {i ? ", " : ""}
        <code>{t}</code>
      </span>
    ))
  ) : (
    <span className="muted">none</span>
  );

function ModeTable({ k }: { k: ModeKnowledge }) {
  const mode = MODE_LABEL[k.mode].toLowerCase();
  return (
    <div className="stack" style={{ flex: 1, minWidth: 420, gap: 6 }}>
      <table>
        <caption>What each service must know in {mode}</caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Consumes</th>
            <th scope="col">Publishes</th>
            <th scope="col">Must know about</th>
          </tr>
        </thead>
        <tbody>
          {k.services.map((s) => (
            <tr key={s.service}>
              <th scope="row">{nodeLabel(k.mode, s.service)}</th>
              <td>{topics(s.consumes)}</td>
              <td>{topics(s.publishes)}</td>
              <td>
                {s.mustKnow.length === 0 ? (
                  <span className="muted">no other service</span>
                ) : (
                  <ul style={{ margin: 0, paddingLeft: 16 }}>
                    {s.mustKnow.map((d) => (
                      <li key={d.service}>
                        {SERVICE_LABEL[d.service]} <span className="small muted">({d.why})</span>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small muted" style={{ margin: 0 }}>
        {k.dependencies} service-to-service dependencies;{" "}
        {k.hubs.length
          ? `every other service depends on the ${k.hubs.map((h) => SERVICE_LABEL[h]).join(" and ")}.`
          : "no service that every other one depends on."}
      </p>
    </div>
  );
}

export function MustKnow() {
  return (
    <section className="panel stack" aria-labelledby="must-know-title">
      <div>
        <h2 id="must-know-title" style={{ margin: 0 }}>
          What each service must know
        </h2>
        <p className="small muted" style={{ margin: "4px 0 0" }}>
          From the contracts: who publishes each topic, and which topics each service&apos;s consumer group reads. In
          choreography a service reacts to other services&apos; events, so it must know who publishes them; in
          orchestration a participant reads its command topic and answers on the reply topic, and the orchestrator knows
          every step.
        </p>
      </div>
      <div className="row" style={{ alignItems: "flex-start", gap: 20 }}>
        {SAGA_MODES.map((m) => (
          <ModeTable key={m} k={KNOWLEDGE[m]} />
        ))}
      </div>
    </section>
  );
}

"use client";
// /sagas: every saga watched, the built-in one first, each with its services and steps.
import Link from "next/link";
import { useSagas } from "../data/sagasApi";

export function SagaList() {
  const sagas = useSagas();
  return (
    <div className="stack">
      <div>
        <h1>Sagas</h1>
        <p className="lead">
          The built-in saga and every saga described in a definition file (SAGA_DEFINITIONS), read with SagaScope&apos;s
          own consumer groups.
        </p>
      </div>
      {sagas.isError && <p className="field-error">Could not read the sagas: {sagas.error.message}.</p>}
      {sagas.isPending && <p className="muted">Loading…</p>}
      {sagas.data && (
        <table className="dlq-table" aria-label="Watched sagas">
          <thead>
            <tr>
              <th>Saga</th>
              <th>Name</th>
              <th>Services</th>
              <th>Steps</th>
            </tr>
          </thead>
          <tbody>
            {sagas.data.map((s) => (
              <tr key={s.name} aria-label={`Saga ${s.name}`}>
                <td>
                  <Link prefetch={false} href={`/sagas/${encodeURIComponent(s.name)}`}>
                    {s.title}
                  </Link>
                  {s.builtIn && (
                    <span className="badge badge-mode" style={{ marginLeft: 8 }}>
                      built-in
                    </span>
                  )}
                </td>
                <td>
                  <code>{s.name}</code>
                </td>
                <td>{s.services.map((v) => v.label).join(", ")}</td>
                <td>{s.steps.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

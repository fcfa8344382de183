"use client";
// /sagas, the front door of watching: every saga watched, the built-in one first, each with its
// running, stuck and failed instances and how far reading is behind, and a way to add one.
// One detail request per saga every 5 s (a handful of sagas; the list itself is one request).
import { useQueries } from "@tanstack/react-query";
import Link from "next/link";
import { countText, lagText, rowSummary, sagaListRow, type SagaListRow } from "../../_lib/sagaListRows";
import { sagasApi, useSagas } from "../data/sagasApi";

const REFRESH_MS = 5000;
const ADD_STYLE = { background: "var(--blue)", color: "#fff", borderColor: "var(--blue)", textDecoration: "none" };

function Row({ r }: { r: SagaListRow }) {
  const href = `/sagas/${encodeURIComponent(r.name)}`;
  return (
    <tr aria-label={`Saga ${r.name}`} aria-description={rowSummary(r)}>
      <td>
        <Link prefetch={false} href={href}>
          {r.title}
        </Link>
        {r.builtIn && (
          <span className="badge badge-mode" style={{ marginLeft: 8 }}>
            built-in
          </span>
        )}
        <div className="small muted">{r.services}</div>
      </td>
      <td>
        <code style={{ whiteSpace: "nowrap" }}>{r.name}</code>
      </td>
      <td>{countText(r.running)}</td>
      <td>
        {r.stuck ? (
          <Link prefetch={false} href={`${href}?status=STUCK`} aria-label={`${r.stuck} stuck instances of ${r.name}`}>
            {countText(r.stuck)}
          </Link>
        ) : (
          countText(r.stuck)
        )}
      </td>
      <td title={r.failedParts || undefined}>{countText(r.failed)}</td>
      <td>{countText(r.completed)}</td>
      <td>
        {lagText(r.lag)}
        {r.missingTopics.length > 0 && <div className="small muted">waiting for {r.missingTopics.join(", ")}</div>}
      </td>
      <td>{r.steps}</td>
    </tr>
  );
}

export function SagaList() {
  const sagas = useSagas();
  const details = useQueries({
    queries: (sagas.data ?? []).map((s) => ({
      queryKey: ["saga-row", s.name],
      queryFn: () => sagasApi.detail(s.name),
      refetchInterval: REFRESH_MS,
      retry: false,
    })),
  });
  return (
    <div className="stack">
      <div className="row" style={{ justifyContent: "space-between", alignItems: "flex-start" }}>
        <div>
          <h1>Sagas</h1>
          <p className="lead">
            The built-in saga and every saga described in a definition file (SAGA_DEFINITIONS), read with
            SagaScope&apos;s own consumer groups.
          </p>
        </div>
        <Link prefetch={false} href="/sagas/new" className="button" style={ADD_STYLE}>
          Add a saga
        </Link>
      </div>
      {sagas.isError && <p className="field-error">Could not read the sagas: {sagas.error.message}.</p>}
      {sagas.isPending && <p className="muted">Loading…</p>}
      {sagas.data && (
        <table className="dlq-table" aria-label="Watched sagas">
          <thead>
            <tr>
              <th>Saga</th>
              <th>Name</th>
              <th>Running</th>
              <th>Stuck</th>
              <th title="Cancelled, failed and compensated instances">Failed</th>
              <th>Completed</th>
              <th>Lag</th>
              <th>Steps</th>
            </tr>
          </thead>
          <tbody>
            {sagas.data.map((s, i) => (
              <Row key={s.name} r={sagaListRow(s, details[i]?.data)} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

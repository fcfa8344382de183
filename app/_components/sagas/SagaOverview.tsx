"use client";
// /sagas/[name]: a watched saga live. Its counts by status, what it cannot read (missing topics,
// topics the cluster refuses, unmatched and uncorrelated records), its map with each step's records
// and its instances, kept up to date by the bridge's pushes (a dot runs along a step's lines as
// its records arrive).
import Link from "next/link";
import { useMemo } from "react";
import type { SagaDetail } from "../../../contracts/sagas";
import { backlogLine } from "../../_lib/backlog";
import { sagaStatuses, STATUS_WORD } from "../../_lib/sagaInstances";
import { liveSagaMap } from "../../_lib/sagaMap";
import { ApiError } from "../data/api";
import { useSaga } from "../data/sagasApi";
import { useSagaLive } from "../data/useSagaLive";
import { LayeredSagaGraph } from "../graph/LayeredSagaGraph";
import { GraphLegend } from "../graph/Legend";
import { Stat } from "../map/StatsStrip";
import { InstanceTable } from "./InstanceTable";

/** The built-in saga's own pages, richer than the generic ones. */
const BUILT_IN_PAGES = [
  { href: "/saga", label: "Saga map with chaos controls" },
  { href: "/orders", label: "Orders" },
  { href: "/modes", label: "Modes side by side" },
  { href: "/dlq", label: "Dead letters" },
];

function Problems({ saga }: { saga: SagaDetail }) {
  const uncorrelated = Object.entries(saga.uncorrelated).filter(([, n]) => n > 0);
  return (
    <section className="panel" aria-label="Records not read">
      <h2>Records not read</h2>
      <ul className="small">
        <li aria-label={`Missing topics: ${saga.missingTopics.length ? saga.missingTopics.join(", ") : "none"}`}>
          Missing topics:{" "}
          {saga.missingTopics.length
            ? saga.missingTopics.map((t) => (
                <code key={t} className="topic">
                  {t}
                </code>
              ))
            : "none"}
        </li>
        {saga.refusedTopics.map((r) => (
          <li key={r.topic} className="field-error" aria-label={`Topic refused: ${r.topic}`}>
            Topic refused: <code className="topic">{r.topic}</code> {r.reason}
          </li>
        ))}
        <li aria-label={`Unmatched records: ${saga.unmatched}`}>
          Unmatched records (no step matched): {saga.unmatched}
        </li>
        <li aria-label={`Uncorrelated records: ${uncorrelated.reduce((n, [, v]) => n + v, 0)}`}>
          Uncorrelated records (no instance id):{" "}
          {uncorrelated.length ? uncorrelated.map(([t, n]) => `${t} ${n}`).join(", ") : "none"}
        </li>
        <li>
          Records read: {saga.records.total} (not JSON {saga.records.notJson}, not decodable by the schema registry{" "}
          {saga.records.notDecodable}, too big to keep {saga.records.oversized}
          {saga.records.matchCut > 0 ? `, too long for a \`matches\` test to read whole ${saga.records.matchCut}` : ""})
        </li>
      </ul>
    </section>
  );
}

export function SagaOverview({ name }: { name: string }) {
  const saga = useSaga(name);
  const pulses = useSagaLive(name);
  const model = useMemo(() => (saga.data ? liveSagaMap(saga.data, saga.data.seen) : null), [saga.data]);
  if (saga.isError) {
    const missing = saga.error instanceof ApiError && saga.error.status === 404;
    return (
      <p className="field-error">
        {missing ? `No saga named “${name}” is watched.` : `Could not read the saga: ${saga.error.message}.`}{" "}
        <Link prefetch={false} href="/sagas">
          All sagas
        </Link>
      </p>
    );
  }
  if (!saga.data || !model) return <p className="muted">Loading…</p>;
  const s = saga.data;
  const statuses = sagaStatuses(s.steps);
  const catchingUp = backlogLine(s.backlog);
  return (
    <div className="stack">
      <div>
        <h1>{s.title}</h1>
        <p className="lead">
          <code>{s.name}</code> · {s.services.length} services · {s.steps.length} steps ·{" "}
          <Link prefetch={false} href="/sagas">
            all sagas
          </Link>
        </p>
      </div>
      {s.builtIn && (
        <nav aria-label="Built-in saga pages" className="row small">
          {BUILT_IN_PAGES.map((p) => (
            <Link key={p.href} prefetch={false} href={p.href}>
              {p.label}
            </Link>
          ))}
        </nav>
      )}
      {catchingUp && (
        <p className="notice" role="status" aria-label="Backlog">
          {catchingUp}
        </p>
      )}
      <section className="stats" aria-label="Instances by status">
        {statuses.map((k) => (
          <Stat key={k} k={STATUS_WORD[k]} v={String(s.counts[k])} />
        ))}
      </section>
      <div className="grid-2" style={{ gridTemplateColumns: "minmax(0, 3fr) minmax(0, 1fr)" }}>
        <div className="stack">
          <LayeredSagaGraph model={model} label={`Map of ${s.name}`} pulses={pulses} />
          <GraphLegend watched />
        </div>
        <Problems saga={s} />
      </div>
      <InstanceTable name={name} statuses={statuses} runs={s.steps.some((st) => st.starts)} />
    </div>
  );
}

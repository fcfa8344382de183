"use client";
// /sagas/[name]/compare?a=<id>&b=<id>: two instances of one watched saga side by side: each
// one's status, path and time, their steps matched by step id with the difference per step, and
// where the paths part. Both are followed until they end. Without two ids it asks for them.
import Link from "next/link";
import { useMemo } from "react";
import { formatMs } from "../../../contracts/timings";
import { SIDE_NAME, type Side } from "../../_lib/compare";
import { SIDE_COLOR } from "../../_lib/compareGraph";
import { compareInstances, divergenceText, sagaCompareHref } from "../../_lib/sagaCompare";
import { instanceHref, instancesHref, timelineRows, type TimelineRow } from "../../_lib/sagaInstances";
import { CompareForm } from "../compare/CompareParts";
import { ApiError } from "../data/api";
import { useSaga, useSagaInstance } from "../data/sagasApi";
import { SagaStatusBadge } from "./SagaStatusBadge";
import { StepCompareTable } from "./StepCompareTable";

type Runs = { ra?: number | null; rb?: number | null };

export function CompareInstances({
  name,
  a,
  b,
  ra = null,
  rb = null,
}: { name: string; a: string | null; b: string | null } & Runs) {
  const saga = useSaga(name);
  const href = (x: string, y: string) => sagaCompareHref(name, x, y);
  return (
    <div className="stack">
      <div>
        <h1>Compare two instances</h1>
        <p className="lead">
          <Link prefetch={false} href={instancesHref(name, null)}>
            {saga.data?.title ?? name}
          </Link>{" "}
          · both paths step by step, matched by step id.
        </p>
      </div>
      <CompareForm key={`${a}|${b}`} a={a ?? ""} b={b ?? ""} noun="Instance" href={href} />
      {a && b ? (
        <Compared name={name} a={a} b={b} ra={ra} rb={rb} />
      ) : (
        <p className="muted">
          Pick two instances: tick them in the{" "}
          <Link prefetch={false} href={instancesHref(name, null)}>
            instance list
          </Link>
          , or enter their ids.
        </p>
      )}
    </div>
  );
}

type Found = { rows: TimelineRow[]; query: ReturnType<typeof useSagaInstance> };

function useInstanceRows(name: string, id: string, run: number | null): Found {
  const query = useSagaInstance(name, id, run);
  const rows = useMemo(() => timelineRows(query.data?.steps ?? []), [query.data]);
  return { rows, query };
}

function InstanceCard({
  side,
  name,
  id,
  run,
  found,
}: {
  side: Side;
  name: string;
  id: string;
  run: number | null;
  found: Found;
}) {
  const { query, rows } = found;
  const v = query.data;
  const missing = query.error instanceof ApiError && query.error.status === 404;
  const last = rows[rows.length - 1];
  return (
    <section
      className="panel stack"
      style={{ gap: 6, borderTop: `4px solid ${SIDE_COLOR[side]}` }}
      aria-label={`Instance ${SIDE_NAME[side]}`}
    >
      <h2 style={{ margin: 0 }}>Instance {SIDE_NAME[side]}</h2>
      <code>
        {id}
        {run ? ` run ${run}` : ""}
      </code>
      {query.error ? (
        <p className="alert" role="alert">
          {missing ? `No instance with this id in ${name}.` : `Could not read it: ${query.error.message}.`}
        </p>
      ) : !v ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          <span className="row" style={{ gap: 6 }}>
            <SagaStatusBadge status={v.status} />
          </span>
          <span className="small muted" aria-label={`Path of instance ${SIDE_NAME[side]}`}>
            {rows.length} records{last ? ` · ${formatMs(last.sinceStartMs)} from first to last` : ""} · path:{" "}
            {rows.map((r) => r.name).join(" → ")}
          </span>
          <Link href={instanceHref(name, id, run)} prefetch={false}>
            Open the instance
          </Link>
        </>
      )}
    </section>
  );
}

function Compared({ name, a, b, ra = null, rb = null }: { name: string; a: string; b: string } & Runs) {
  const fa = useInstanceRows(name, a, ra);
  const fb = useInstanceRows(name, b, rb);
  const rows = useMemo(() => compareInstances(fa.rows, fb.rows), [fa.rows, fb.rows]);
  const both = fa.query.data && fb.query.data;
  return (
    <>
      <div className="grid-2" style={{ gridTemplateColumns: "1fr 1fr" }}>
        <InstanceCard side="a" name={name} id={a} run={ra} found={fa} />
        <InstanceCard side="b" name={name} id={b} run={rb} found={fb} />
      </div>
      {both && (
        <>
          <p role="status" aria-label="Path divergence" style={{ margin: 0, fontWeight: 600 }}>
            {divergenceText(rows)}
          </p>
          <StepCompareTable rows={rows} />
        </>
      )}
    </>
  );
}

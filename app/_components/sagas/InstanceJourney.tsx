"use client";
// /sagas/[name]/instances/[id]: one instance of a watched saga. Its status, the map with the
// steps it took numbered, the timeline and every record (headers included); followed live (its
// room on the bridge) until it ends. Download JSON saves the API's answer; "Compare with…" sets it beside another instance.
// `?run=N` opens one run of an id used again (the latest without it).
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { sagaCompareHref } from "../../_lib/sagaCompare";
import { instancesHref, runFromQuery, STATUS_WORD, stuckFirst, timelineRows } from "../../_lib/sagaInstances";
import { instanceSagaMap } from "../../_lib/sagaMap";
import { ApiError } from "../data/api";
import { useSaga, useSagaInstance, useSagaInstances } from "../data/sagasApi";
import { useSagaInstanceLive } from "../data/useSagaLive";
import { LayeredSagaGraph } from "../graph/LayeredSagaGraph";
import { GraphLegend } from "../graph/Legend";
import { InstanceTimeline } from "./InstanceTimeline";
import { RecordList } from "./RecordList";
import { SagaStatusBadge } from "./SagaStatusBadge";

function downloadJson(name: string, value: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The saga's other instances (stuck first, then newest), one to open beside this one in /sagas/:name/compare. */
function Picker({ name, id, run }: { name: string; id: string; run: number | null }) {
  const router = useRouter();
  const list = useSagaInstances(name, null);
  const key = (i: { id: string; run: number }) => (run ? `${i.run}\n${i.id}` : i.id);
  const others = stuckFirst(list.data ?? []).filter((i) => i.id !== id || (run !== null && i.run !== run));
  const [other, setOther] = useState("");
  const picked = others.find((i) => key(i) === other);
  if (list.isError)
    return <span className="field-error small">Could not read the instances: {list.error.message}.</span>;
  return (
    <>
      <label className="field small">
        Other instance
        <select value={other} onChange={(e) => setOther(e.target.value)}>
          <option value="">{list.data ? `choose one of ${others.length}` : "loading…"}</option>
          {others.map((i) => (
            <option key={key(i)} value={key(i)}>
              {i.id}
              {run ? ` run ${i.run}` : ""} ({STATUS_WORD[i.status]})
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="primary"
        disabled={!picked}
        onClick={() =>
          picked && router.push(sagaCompareHref(name, { id, run }, { id: picked.id, run: run ? picked.run : null }))
        }
      >
        Compare
      </button>
    </>
  );
}

/** "Compare with…": the pick opens on demand, so the instance list is read only then. */
function CompareWith({ name, id, run }: { name: string; id: string; run: number | null }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        Compare with…
      </button>
      {open && <Picker name={name} id={id} run={run} />}
    </>
  );
}

export function InstanceJourney({ name, id }: { name: string; id: string }) {
  const saga = useSaga(name);
  const run = runFromQuery(useSearchParams().get("run"));
  const instance = useSagaInstance(name, id, run);
  useSagaInstanceLive(name, id, run);
  const rows = useMemo(() => timelineRows(instance.data?.steps ?? []), [instance.data]);
  const model = useMemo(
    () => (saga.data && instance.data ? instanceSagaMap(saga.data, instance.data) : null),
    [saga.data, instance.data],
  );
  const error = instance.error ?? saga.error;
  if (error) {
    const missing = error instanceof ApiError && error.status === 404;
    return (
      <p className="field-error">
        {missing
          ? `No instance “${id}”${run ? ` run ${run}` : ""} of saga “${name}”.`
          : `Could not read the instance: ${error.message}.`}{" "}
        <Link prefetch={false} href={instancesHref(name, null)}>
          Back to {name}
        </Link>
      </p>
    );
  }
  if (!instance.data || !model) return <p className="muted">Loading…</p>;
  const v = instance.data;
  const runs = saga.data?.steps.some((s) => s.starts) ?? false;
  return (
    <div className="stack">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <div>
          <h1>
            Instance <code>{v.id}</code>
            {runs && <span aria-label={`Run ${v.run}`}> · run {v.run}</span>}
          </h1>
          <p className="lead">
            <Link prefetch={false} href={instancesHref(name, null)}>
              {saga.data?.title ?? name}
            </Link>{" "}
            · {v.steps.length} records · started {new Date(v.startedAt).toLocaleString()}
            {v.endedAt ? ` · ended ${new Date(v.endedAt).toLocaleTimeString()}` : ""}
          </p>
          {v.waitingFor.length > 0 && (
            <p className="small" role="note" aria-label={`Waiting for ${v.waitingFor.join(", ")}`}>
              Waiting for {v.waitingFor.length === 1 ? "branch" : "branches"}{" "}
              {v.waitingFor.map((b) => (
                <code key={b}>{b}</code>
              ))}
              : no record of {v.waitingFor.length === 1 ? "it" : "them"} yet.
            </p>
          )}
        </div>
        <SagaStatusBadge status={v.status} live />
      </div>
      <div className="row" style={{ alignItems: "flex-end" }}>
        <div className="row" role="group" aria-label="Export">
          <button type="button" onClick={() => downloadJson(`${name}-${v.id}${runs ? `-run${v.run}` : ""}.json`, v)}>
            Download JSON
          </button>
        </div>
        <div className="row" role="group" aria-label="Compare">
          <CompareWith name={name} id={v.id} run={runs ? v.run : null} />
        </div>
      </div>
      <LayeredSagaGraph model={model} label={`Journey of ${v.id}`} />
      <GraphLegend journey watched />
      <InstanceTimeline rows={rows} />
      <RecordList rows={rows} />
    </div>
  );
}

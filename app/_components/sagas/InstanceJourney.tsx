"use client";
// /sagas/[name]/instances/[id]: one instance of a watched saga. Its status, the map with the
// steps it took numbered, the timeline and every record (headers included); followed until it
// ends. Download JSON saves the API's answer; "Compare with…" sets it beside another instance.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { sagaCompareHref } from "../../_lib/sagaCompare";
import { instancesHref, STATUS_WORD, stuckFirst, timelineRows } from "../../_lib/sagaInstances";
import { instanceSagaMap } from "../../_lib/sagaMap";
import { ApiError } from "../data/api";
import { useSaga, useSagaInstance, useSagaInstances } from "../data/sagasApi";
import { SagaGraph } from "../graph/SagaGraph";
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
function Picker({ name, id }: { name: string; id: string }) {
  const router = useRouter();
  const list = useSagaInstances(name, null);
  const others = stuckFirst(list.data ?? []).filter((i) => i.id !== id);
  const [other, setOther] = useState("");
  if (list.isError) return <span className="field-error small">Could not read the instances: {list.error.message}.</span>;
  return (
    <>
      <label className="field small">
        Other instance
        <select value={other} onChange={(e) => setOther(e.target.value)}>
          <option value="">{list.data ? `choose one of ${others.length}` : "loading…"}</option>
          {others.map((i) => <option key={i.id} value={i.id}>{i.id} ({STATUS_WORD[i.status]})</option>)}
        </select>
      </label>
      <button type="button" className="primary" disabled={!other} onClick={() => router.push(sagaCompareHref(name, id, other))}>Compare</button>
    </>
  );
}

/** "Compare with…": the pick opens on demand, so the instance list is read only then. */
function CompareWith({ name, id }: { name: string; id: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>Compare with…</button>
      {open && <Picker name={name} id={id} />}
    </>
  );
}

export function InstanceJourney({ name, id }: { name: string; id: string }) {
  const saga = useSaga(name);
  const instance = useSagaInstance(name, id);
  const rows = useMemo(() => timelineRows(instance.data?.steps ?? []), [instance.data]);
  const model = useMemo(() => (saga.data && instance.data ? instanceSagaMap(saga.data, instance.data) : null), [saga.data, instance.data]);
  const error = instance.error ?? saga.error;
  if (error) {
    const missing = error instanceof ApiError && error.status === 404;
    return <p className="field-error">{missing ? `No instance “${id}” of saga “${name}”.` : `Could not read the instance: ${error.message}.`} <Link prefetch={false} href={instancesHref(name, null)}>Back to {name}</Link></p>;
  }
  if (!instance.data || !model) return <p className="muted">Loading…</p>;
  const v = instance.data;
  return (
    <div className="stack">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <div>
          <h1>Instance <code>{v.id}</code></h1>
          <p className="lead">
            <Link prefetch={false} href={instancesHref(name, null)}>{saga.data?.title ?? name}</Link> · {v.steps.length} records · started {new Date(v.startedAt).toLocaleString()}
            {v.endedAt ? ` · ended ${new Date(v.endedAt).toLocaleTimeString()}` : ""}
          </p>
        </div>
        <SagaStatusBadge status={v.status} live />
      </div>
      <div className="row" style={{ alignItems: "flex-end" }}>
        <div className="row" role="group" aria-label="Export">
          <button type="button" onClick={() => downloadJson(`${name}-${v.id}.json`, v)}>Download JSON</button>
        </div>
        <div className="row" role="group" aria-label="Compare">
          <CompareWith name={name} id={v.id} />
        </div>
      </div>
      <SagaGraph nodes={model.nodes} edges={model.edges} positions={model.positions} label={`Journey of ${v.id}`} />
      <GraphLegend journey watched />
      <InstanceTimeline rows={rows} />
      <RecordList rows={rows} />
    </div>
  );
}

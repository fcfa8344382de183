"use client";
// A watched saga's instances, stuck ones first, filtered by status (kept in the URL as ?status=).
// Ticking two rows enables "Compare" (/sagas/:name/compare?a=..&b=..).
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { SAGA_INSTANCE_STATUSES } from "../../../contracts/sagas";
import { pickTwo, sagaCompareHref } from "../../_lib/sagaCompare";
import { instanceHref, STATUS_WORD, statusFromQuery, stuckFirst } from "../../_lib/sagaInstances";
import { useSagaInstances } from "../data/sagasApi";
import { SagaStatusBadge } from "./SagaStatusBadge";

export function InstanceTable({ name }: { name: string }) {
  const params = useSearchParams();
  const router = useRouter();
  const path = usePathname();
  const status = statusFromQuery(params.get("status"));
  const list = useSagaInstances(name, status);
  const rows = stuckFirst(list.data ?? []);
  const [picked, setPicked] = useState<string[]>([]);
  return (
    <section className="panel stack" aria-label="Instances">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2 style={{ margin: 0 }}>Instances</h2>
        <div className="row" role="group" aria-label="Compare instances">
          <button type="button" disabled={picked.length !== 2} onClick={() => router.push(sagaCompareHref(name, picked[0], picked[1]))}>Compare</button>
          <span className="small muted" role="status" aria-label="Instances ticked">
            {picked.length === 2 ? "2 instances ticked: compare them side by side." : `Tick two instances to compare them (${picked.length} ticked).`}
          </span>
        </div>
        <label className="field small">
          Status
          <select value={status ?? ""} onChange={(e) => router.replace(e.target.value ? `${path}?status=${e.target.value}` : path, { scroll: false })}>
            <option value="">any</option>
            {SAGA_INSTANCE_STATUSES.map((s) => <option key={s} value={s}>{STATUS_WORD[s]}</option>)}
          </select>
        </label>
      </div>
      {list.isError && <p className="field-error">Could not read the instances: {list.error.message}.</p>}
      {list.data && rows.length === 0 && <p className="muted">No instances{status ? ` with status ${STATUS_WORD[status]}` : ""} yet.</p>}
      {rows.length > 0 && (
        <table className="dlq-table">
          <thead>
            <tr><th><span className="visually-hidden-text">Compare</span></th><th>Instance</th><th>Status</th><th>Started</th><th>Last record</th><th>Records</th></tr>
          </thead>
          <tbody>
            {rows.map((i) => (
              <tr key={i.id} aria-label={`Instance ${i.id}: ${STATUS_WORD[i.status]}`}>
                <td>
                  <input type="checkbox" checked={picked.includes(i.id)} onChange={(e) => setPicked((p) => pickTwo(p, i.id, e.target.checked))} aria-label={`Tick instance ${i.id} to compare`} />
                </td>
                <td><Link href={instanceHref(name, i.id)} prefetch={false}><code>{i.id}</code></Link></td>
                <td><SagaStatusBadge status={i.status} /></td>
                <td className="small">{new Date(i.startedAt).toLocaleTimeString()}</td>
                <td className="small">{new Date(i.lastEventAt).toLocaleTimeString()}</td>
                <td>{i.steps}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

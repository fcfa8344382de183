"use client";
// A watched saga's instances, stuck ones first, filtered by status (kept in the URL as ?status=).
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { SAGA_INSTANCE_STATUSES } from "../../../contracts/sagas";
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
  return (
    <section className="panel stack" aria-label="Instances">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2 style={{ margin: 0 }}>Instances</h2>
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
            <tr><th>Instance</th><th>Status</th><th>Started</th><th>Last record</th><th>Records</th></tr>
          </thead>
          <tbody>
            {rows.map((i) => (
              <tr key={i.id} aria-label={`Instance ${i.id}: ${STATUS_WORD[i.status]}`}>
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

"use client";
// A watched saga's instances, stuck ones first, filtered by status (kept in the URL as ?status=).
// Ticking two rows enables "Compare" (/sagas/:name/compare?a=..&b=..). Where the saga's ids run
// again (a `starts` step), each run is its own row, linked with its run.
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import type { SagaInstanceStatus } from "../../../contracts/sagas";
import { pickTwo, sagaCompareHref, type InstanceRef } from "../../_lib/sagaCompare";
import { instanceHref, STATUS_WORD, statusFromQuery, stuckFirst } from "../../_lib/sagaInstances";
import { useSagaInstances } from "../data/sagasApi";
import { SagaStatusBadge } from "./SagaStatusBadge";

const refKey = (id: string, run: number) => `${run}\n${id}`;
const refOf = (key: string, runs: boolean): InstanceRef => {
  const cut = key.indexOf("\n");
  return { id: key.slice(cut + 1), run: runs ? Number(key.slice(0, cut)) : null };
};

export function InstanceTable({
  name,
  statuses,
  runs = false,
}: {
  name: string;
  statuses: readonly SagaInstanceStatus[];
  runs?: boolean;
}) {
  const params = useSearchParams();
  const router = useRouter();
  const path = usePathname();
  const status = statusFromQuery(params.get("status"));
  const list = useSagaInstances(name, status);
  const rows = stuckFirst(list.data ?? []);
  const [picked, setPicked] = useState<string[]>([]);
  const label = (id: string, run: number) => (runs ? `${id} run ${run}` : id);
  return (
    <section className="panel stack" aria-label="Instances">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2 style={{ margin: 0 }}>Instances</h2>
        <div className="row" role="group" aria-label="Compare instances">
          <button
            type="button"
            disabled={picked.length !== 2}
            onClick={() => router.push(sagaCompareHref(name, refOf(picked[0]!, runs), refOf(picked[1]!, runs)))}
          >
            Compare
          </button>
          <span className="small muted" role="status" aria-label="Instances ticked">
            {picked.length === 2
              ? "2 instances ticked: compare them side by side."
              : `Tick two instances to compare them (${picked.length} ticked).`}
          </span>
        </div>
        <label className="field small">
          Status
          <select
            value={status ?? ""}
            onChange={(e) =>
              router.replace(e.target.value ? `${path}?status=${e.target.value}` : path, { scroll: false })
            }
          >
            <option value="">any</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {STATUS_WORD[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {list.isError && <p className="field-error">Could not read the instances: {list.error.message}.</p>}
      {list.data && rows.length === 0 && (
        <p className="muted">No instances{status ? ` with status ${STATUS_WORD[status]}` : ""} yet.</p>
      )}
      {rows.length > 0 && (
        <table className="dlq-table">
          <thead>
            <tr>
              <th>
                <span className="visually-hidden-text">Compare</span>
              </th>
              <th>Instance</th>
              {runs && <th>Run</th>}
              <th>Status</th>
              <th>Started</th>
              <th>Last record</th>
              <th>Records</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((i) => (
              <tr key={refKey(i.id, i.run)} aria-label={`Instance ${label(i.id, i.run)}: ${STATUS_WORD[i.status]}`}>
                <td>
                  <input
                    type="checkbox"
                    checked={picked.includes(refKey(i.id, i.run))}
                    onChange={(e) => setPicked((p) => pickTwo(p, refKey(i.id, i.run), e.target.checked))}
                    aria-label={`Tick instance ${label(i.id, i.run)} to compare`}
                  />
                </td>
                <td>
                  <Link href={instanceHref(name, i.id, runs ? i.run : null)} prefetch={false}>
                    <code>{i.id}</code>
                  </Link>
                </td>
                {runs && <td>{i.run}</td>}
                <td>
                  <SagaStatusBadge status={i.status} />
                </td>
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

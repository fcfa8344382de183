"use client";
// The dead-letter page (/dlq): every saga-dlq message, newest first, filtered by service, topic
// and error code (kept in the URL), each with its original record and a re-publish button. A
// re-published message goes back to its topic with its own eventId, so a second re-publish
// changes nothing (the consumers' inbox).
import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { SERVICES, TOPICS } from "../../../contracts/topics";
import { filterFromQuery, filterToQuery, type DeadLetterFilter } from "../../_lib/operations";
import { LockNotice } from "../chaos/LockNotice";
import { errorText, useAction } from "../chaos/useOperations";
import { adminApi, adminKeys, isLocked } from "../data/adminApi";
import { DeadLetterRow } from "./DeadLetterRow";

export function DeadLetters() {
  const params = useSearchParams();
  const router = useRouter();
  const path = usePathname();
  const filter = useMemo(() => filterFromQuery(new URLSearchParams(params.toString())), [params]);
  const list = useQuery({
    queryKey: adminKeys.deadLetters(filter),
    queryFn: () => adminApi.deadLetters(filter),
    refetchInterval: 2000,
    retry: false,
  });
  const { status, run } = useAction();
  const setFilter = (change: Partial<DeadLetterFilter>) =>
    router.replace(`${path}${filterToQuery({ ...filter, ...change })}`);
  const rows = list.data ?? [];

  return (
    <div className="stack">
      <div>
        <h1>Dead letters</h1>
        <p className="lead">
          Messages a service could not handle: poison at once, a failing step after its retries. Fix the cause, then
          re-publish; the consumers ignore a message they already handled.
        </p>
      </div>
      {isLocked(list.error) && <LockNotice error={list.error} />}
      <form className="row panel" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <label className="field small">
          Service
          <select
            value={filter.service ?? ""}
            onChange={(e) => setFilter({ service: (e.target.value || undefined) as DeadLetterFilter["service"] })}
          >
            <option value="">any</option>
            {SERVICES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="field small">
          Topic
          <select
            value={filter.topic ?? ""}
            onChange={(e) => setFilter({ topic: (e.target.value || undefined) as DeadLetterFilter["topic"] })}
          >
            <option value="">any</option>
            {TOPICS.filter((t) => t !== "saga-dlq").map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="field small">
          Error code
          <input
            defaultValue={filter.code ?? ""}
            placeholder="e.g. INJECTED_FAULT"
            onBlur={(e) => setFilter({ code: e.target.value.trim().toUpperCase() || undefined })}
          />
        </label>
        <span className="small muted" aria-live="polite">
          {list.isLoading ? "loading…" : `${rows.length} dead letter(s)`}
        </span>
      </form>
      <p
        role="status"
        aria-live="polite"
        className={`small ${status && !status.ok ? "bad" : ""}`}
        data-testid="dlq-status"
        style={{ margin: 0, minHeight: "1.2em" }}
      >
        {status?.text ?? ""}
      </p>
      {list.error && !isLocked(list.error) && (
        <p className="alert" role="alert">
          Could not list the dead letters: {errorText(list.error)}
        </p>
      )}
      {list.data && rows.length === 0 && (
        <p className="panel muted">No dead letters{filterToQuery(filter) ? " match these filters" : ""}.</p>
      )}
      {rows.length > 0 && (
        <table className="dlq-table panel">
          <thead>
            <tr>
              <th>When</th>
              <th>Topic</th>
              <th>Service</th>
              <th>Error</th>
              <th>Attempts</th>
              <th>Order</th>
              <th>Re-published</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <DeadLetterRow
                key={d.id}
                letter={d}
                onRepublish={() => run(`Re-publish ${d.topic} offset ${d.offset}`, () => adminApi.republish(d.id))}
              />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

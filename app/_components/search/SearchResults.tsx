"use client";
// /search?q=: the instances a text finds in every saga, newest first: saga, id (a link to the
// instance, or to the order's journey for the built-in saga), status, start and what matched.
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { ApiError } from "../data/api";
import { useBuiltInSagas, useSearch } from "../data/searchApi";
import { SagaStatusBadge } from "../sagas/SagaStatusBadge";
import { MATCH_WORD, queryText, refusal, resultHref } from "../../_lib/search";

export function SearchResults() {
  const q = queryText(useSearchParams().get("q") ?? "");
  const search = useSearch(q);
  const builtIn = useBuiltInSagas();
  const results = search.data?.results ?? [];
  return (
    <div className="stack">
      <div>
        <h1>Search</h1>
        <p className="lead">
          Instances of every saga, the built-in one included, whose id is the text or begins with it, or one of whose
          records has a header or a JSON value equal to it. The text is taken literally.
        </p>
      </div>
      {q === null && <p className="muted">Type an id in the search box above.</p>}
      {search.isPending && q !== null && <p className="muted">Searching…</p>}
      {search.isError && (
        <p className="field-error" role="alert">
          {search.error instanceof ApiError && search.error.status === 400
            ? `Cannot search for this: ${refusal(search.error.body)}.`
            : `Could not search: ${search.error.message}.`}
        </p>
      )}
      {search.data && results.length === 0 && (
        <p role="status" className="panel">
          Nothing found for <code>{q}</code>: no instance has this id or an id beginning with it, and no stored record
          has it as a header or JSON value.
        </p>
      )}
      {results.length > 0 && (
        <section className="panel stack" aria-label="Search results">
          <p role="status" className="small muted" style={{ margin: 0 }}>
            {results.length === 1 ? "1 instance" : `${results.length} instances`} found for <code>{q}</code>, newest
            first{results.length === 20 ? " (the newest 20)" : ""}.
          </p>
          <table className="dlq-table">
            <thead>
              <tr>
                <th>Saga</th>
                <th>Instance</th>
                <th>Status</th>
                <th>Started</th>
                <th>Matched on</th>
              </tr>
            </thead>
            <tbody>
              {results.map((r) => (
                <tr key={`${r.saga}\n${r.id}\n${r.run}`} aria-label={`${r.saga} ${r.id}`}>
                  <td>
                    <code>{r.saga}</code>
                  </td>
                  <td>
                    <Link href={resultHref(r, builtIn)} prefetch={false}>
                      <code>{r.id}</code>
                      {r.run > 1 && ` run ${r.run}`}
                    </Link>
                  </td>
                  <td>
                    <SagaStatusBadge status={r.status} />
                  </td>
                  <td className="small">
                    <time dateTime={r.startedAt}>{new Date(r.startedAt).toLocaleString()}</time>
                  </td>
                  <td className="small">{MATCH_WORD[r.matchedOn]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}

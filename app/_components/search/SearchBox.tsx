"use client";
// The header's search box (attach.md, "Finding a business id"): one result opens it (an order on
// its journey, another saga's instance on its page); several or none go to /search, which lists
// them. Without JavaScript the form is a plain GET of /search.
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { SEARCH_LIMITS } from "../../../contracts/sagas";
import { queryText, resultHref, searchHref } from "../../_lib/search";
import { sagasQuery, searchQuery } from "../data/searchApi";

export function SearchBox() {
  const router = useRouter();
  const qc = useQueryClient();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const q = queryText(text);
    if (q === null || busy) return;
    setBusy(true);
    try {
      const [answer, sagas] = await Promise.all([qc.fetchQuery(searchQuery(q)), qc.fetchQuery(sagasQuery)]);
      const only = answer.results.length === 1 ? answer.results[0]! : null;
      const builtIn = new Set(sagas.filter((s) => s.builtIn).map((s) => s.name));
      router.push(only ? resultHref(only, builtIn) : searchHref(q));
    } catch {
      // The list page says what went wrong (a refused text, the observer away).
      router.push(searchHref(q));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form role="search" action="/search" className="site-search" onSubmit={(e) => void submit(e)}>
      <label htmlFor="site-search-q" className="visually-hidden-text">
        Find an id in every saga
      </label>
      <input
        id="site-search-q"
        name="q"
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="Find an id…"
        maxLength={SEARCH_LIMITS.queryChars}
        autoComplete="off"
        spellCheck={false}
      />
      <button type="submit" disabled={busy}>
        Search
      </button>
    </form>
  );
}

import { Suspense } from "react";
import { SearchResults } from "../_components/search/SearchResults";

export const metadata = { title: "Search · SagaScope" };

export default function SearchPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <SearchResults />
    </Suspense>
  );
}

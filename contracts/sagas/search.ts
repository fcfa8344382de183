// `GET /api/search?q=&limit=` (attach.md, "Finding a business id"): instances of every saga,
// the built-in one included, found by id, id prefix, or a record's header or JSON leaf value.
import { z } from "zod";
import { SafeText } from "../topics";
import { SagaInstanceStatus } from "./api";

export const SEARCH_LIMITS = { queryChars: 200, results: 100 } as const;

/** Control characters are refused (400); everything else is a literal, never a pattern. */
export const SearchQuery = z.object({
  q: SafeText.min(1)
    .max(SEARCH_LIMITS.queryChars)
    .refine(
      (q) => ![...q].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
      "must not contain control characters",
    )
    .refine((q) => q.trim().length > 0, "must not be blank"),
  limit: z.coerce.number().int().min(1).max(SEARCH_LIMITS.results).default(20),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

export const SearchResult = z.object({
  saga: z.string(),
  id: z.string(),
  run: z.number().int(),
  status: SagaInstanceStatus,
  startedAt: z.string(),
  matchedOn: z.enum(["id", "header", "value"]),
});
export type SearchResult = z.infer<typeof SearchResult>;

export const SearchAnswer = z.object({ results: z.array(SearchResult) });
export type SearchAnswer = z.infer<typeof SearchAnswer>;

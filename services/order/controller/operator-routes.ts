// The order service's operator routes (behind the kit's admin guard; the web origin serves them
// as /api/admin/dlq, /api/admin/events/:eventId/duplicate and /api/admin/poison).
import { DeadLetterQuery, PoisonRequest, fieldErrors, isUuid } from "../../../contracts";
import type { HandlerDeps } from "../../kit/application/inbox";
import { SagaError } from "../../kit/errors";
import type { Route } from "../../kit/http/server";
import { duplicateEvent, publishPoison, republishDeadLetter } from "../application/operator-tools";
import type { DeadLetterQueries, OrderTx } from "../application/ports";

/** Event ids are UUIDs: anything else cannot exist, and is answered without touching the database. */
function eventId(raw: string): string {
  if (!isUuid(raw)) throw new SagaError("NOT_FOUND", "no such event");
  return raw.toLowerCase();
}

const accepted = (detail: string) => ({ status: 202, body: { accepted: true, detail } });

export function operatorRoutes(deps: HandlerDeps<OrderTx>, queries: DeadLetterQueries): Route[] {
  return [
    {
      method: "GET",
      path: "/admin/dlq",
      handle: async (req) => {
        const parsed = DeadLetterQuery.safeParse(Object.fromEntries(req.query));
        if (!parsed.success) throw new SagaError("VALIDATION_FAILED", "bad query", { details: fieldErrors(parsed.error) });
        return { status: 200, body: await queries.deadLetters(parsed.data) };
      },
    },
    { method: "POST", path: "/admin/dlq/:id/republish", handle: async (req) => accepted(await republishDeadLetter(deps, eventId(req.params.id))) },
    { method: "POST", path: "/admin/events/:eventId/duplicate", handle: async (req) => accepted(await duplicateEvent(deps, eventId(req.params.eventId))) },
    {
      method: "POST",
      path: "/admin/poison",
      handle: async (req) => {
        const parsed = PoisonRequest.safeParse(await req.json());
        if (!parsed.success) throw new SagaError("VALIDATION_FAILED", "the poison request is not valid", { details: fieldErrors(parsed.error) });
        return accepted(await publishPoison(deps, parsed.data.topic));
      },
    },
  ];
}

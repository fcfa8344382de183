// The order service's operator routes (behind the kit's admin guard; the web origin serves them
// as /api/admin/dlq, /api/admin/events/:eventId/duplicate and /api/admin/poison).
import {
  checkEnvelope,
  DeadLetterQuery,
  PoisonRequest,
  fieldErrors,
  isUuid,
  type AnyEnvelope,
} from "../../../contracts";
import type { HandlerDeps } from "../../kit/application/inbox";
import { SagaError } from "../../kit/errors";
import type { HttpRequest, Route } from "../../kit/http/server";
import { duplicateEvent, publishPoison, republishDeadLetter } from "../application/operator-tools";
import type { DeadLetterQueries, OrderTx } from "../application/ports";

/** Event ids are UUIDs: anything else cannot exist, and is answered without touching the database. */
function eventId(raw: string): string {
  if (!isUuid(raw)) throw new SagaError("NOT_FOUND", "no such event");
  return raw.toLowerCase();
}

/** The event to publish again, as the web origin found it in the saga observer's records. */
async function eventToDuplicate(req: HttpRequest): Promise<AnyEnvelope> {
  const id = eventId(req.params.eventId);
  const parsed = checkEnvelope(await req.json());
  if (!parsed.ok)
    throw new SagaError("VALIDATION_FAILED", "the body is not a saga event", {
      details: parsed.issues.map((message) => ({ field: "(body)", message })),
    });
  if (parsed.envelope.eventId !== id)
    throw new SagaError("VALIDATION_FAILED", "the body is another event", {
      details: [{ field: "eventId", message: `must be ${id}` }],
    });
  return parsed.envelope;
}

const accepted = (detail: string) => ({ status: 202, body: { accepted: true, detail } });

export function operatorRoutes(deps: HandlerDeps<OrderTx>, queries: DeadLetterQueries): Route[] {
  return [
    {
      method: "GET",
      path: "/admin/dlq",
      handle: async (req) => {
        const parsed = DeadLetterQuery.safeParse(Object.fromEntries(req.query));
        if (!parsed.success)
          throw new SagaError("VALIDATION_FAILED", "bad query", { details: fieldErrors(parsed.error) });
        return { status: 200, body: await queries.deadLetters(parsed.data) };
      },
    },
    {
      method: "POST",
      path: "/admin/dlq/:id/republish",
      handle: async (req) => accepted(await republishDeadLetter(deps, eventId(req.params.id))),
    },
    {
      method: "POST",
      path: "/admin/events/:eventId/duplicate",
      handle: async (req) => accepted(await duplicateEvent(deps, await eventToDuplicate(req))),
    },
    {
      method: "POST",
      path: "/admin/poison",
      handle: async (req) => {
        const parsed = PoisonRequest.safeParse(await req.json());
        if (!parsed.success)
          throw new SagaError("VALIDATION_FAILED", "the poison request is not valid", {
            details: fieldErrors(parsed.error),
          });
        return accepted(await publishPoison(deps, parsed.data.topic));
      },
    },
  ];
}

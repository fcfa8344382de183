// The operator API on the web origin (docs/http-api.md): checks who is calling, then hands each
// call to the service that carries it out (faults and crash: each service; dead letters,
// duplicates and poison: the order service, which publishes them; a duplicate's event is found
// first in the saga observer's records, which hold every journey). Its rows are in routes.ts.
import type { IncomingMessage } from "node:http";
import { SERVICES, ServiceParam, type FaultsView } from "../../contracts";
import { SagaError } from "../../services/kit/errors";
import { checkAdmin } from "../../services/kit/http/admin-guard";
import type { WebConfig } from "../config";
import { builtInEventPath } from "./built-in-saga";
import { forward, send, upstreamPath, type ApiContext } from "./forward";
import type { Owner } from "./upstream";

export const ADMIN_PREFIX = "/api/admin/";

/** Throws the guard's refusal; it comes before any route is looked up, so a caller who may not call learns no route. */
export function checkOperator(config: WebConfig, req: IncomingMessage): void {
  const refused = checkAdmin(
    { token: config.adminToken, loopbackAllowed: config.kafka.embedded },
    { authorization: req.headers.authorization, remoteAddress: req.socket.remoteAddress },
  );
  if (refused) throw refused;
}

// The services check the same token; from loopback in the embedded mode they need none.
const operatorHeaders = (config: WebConfig): Record<string, string> =>
  config.adminToken ? { authorization: `Bearer ${config.adminToken}` } : {};

/** A route carried out by `owner` at `path` (":name" params filled); ":service" names the service from the path. */
export const operator =
  (to: Owner | ":service", path: string) =>
  (ctx: ApiContext): Promise<void> => {
    const owner = to === ":service" ? ServiceParam.safeParse(ctx.params.service).data : to;
    if (!owner) throw new SagaError("NOT_FOUND", `no operator route ${ctx.req.method} ${ctx.url.pathname}`);
    return forward(ctx, owner, upstreamPath(path, ctx.params), { headers: operatorHeaders(ctx.config) });
  };

/** GET /api/admin/faults: each service's faults, or why it could not say. */
export async function allFaults(ctx: ApiContext): Promise<void> {
  const headers = operatorHeaders(ctx.config);
  const entries = await Promise.all(
    SERVICES.map(async (s) => {
      try {
        const r = await ctx.upstream.call(s, "/admin/faults", { headers });
        return [s, r.ok ? r.json() : { unreachable: `HTTP ${r.status}` }] as const;
      } catch (err) {
        const cause = err instanceof SagaError ? err.cause : err;
        return [s, { unreachable: (cause as Error).message }] as const;
      }
    }),
  );
  send(ctx.res, 200, Object.fromEntries(entries) as FaultsView);
}

/** The event's value as the observer stored it; NOT_FOUND when it has no such event. */
async function observedEvent(ctx: ApiContext, eventId: string): Promise<unknown> {
  const r = await ctx.upstream.call("observer", builtInEventPath(eventId));
  if (r.status === 404) throw new SagaError("NOT_FOUND", `no event ${eventId.slice(0, 80)} in the saga's records`);
  if (!r.ok) throw new SagaError("DEPENDENCY_UNAVAILABLE", `the observer answered ${r.status}`);
  return r.json<{ value: unknown }>().value;
}

/** POST /api/admin/events/:eventId/duplicate: the order service publishes the event the observer recorded. */
export async function duplicate(ctx: ApiContext): Promise<void> {
  const eventId = ctx.params.eventId;
  if (!eventId) throw new SagaError("NOT_FOUND", `no operator route ${ctx.req.method} ${ctx.url.pathname}`);
  const body = Buffer.from(JSON.stringify(await observedEvent(ctx, eventId)));
  const headers = { ...operatorHeaders(ctx.config), "content-type": "application/json" };
  await forward(ctx, "order", upstreamPath("/admin/events/:eventId/duplicate", ctx.params), { headers, body });
}

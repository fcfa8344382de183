// The operator API on the web origin (saga.md, "Additions"): checks who is calling, then hands
// each call to the service that carries it out (faults and crash: each service; dead letters,
// duplicates and poison: the order service, which publishes them; a duplicate's event is found
// first in the saga observer's records, which hold every journey).
import type { IncomingMessage, ServerResponse } from "node:http";
import { SERVICES, ServiceParam, type FaultsView, type ServiceName } from "../../contracts";
import { SagaError } from "../../services/kit/errors";
import { checkAdmin } from "../../services/kit/http/admin-guard";
import type { WebConfig } from "../config";
import { forward, readBody, send } from "./forward";

/** `eventId`: a duplicate's event, whose value the gateway first reads from the observer. */
type Target = { service: ServiceName; path: string; eventId?: string };

/** Which service answers an operator call, and at which path; null when no route matches. */
export function adminTarget(method: string, path: string): Target | "faults" | null {
  const parts = path.split("/").slice(3); // "", "api", "admin", ...
  const service = ServiceParam.safeParse(parts[1]);
  if (parts[0] === "faults" && parts.length === 1 && method === "GET") return "faults";
  if (parts[0] === "faults" && parts.length === 2 && service.success && (method === "PUT" || method === "DELETE")) return { service: service.data, path: "/admin/faults" };
  if (parts[0] === "services" && parts.length === 3 && parts[2] === "crash" && service.success && method === "POST") return { service: service.data, path: "/admin/crash" };
  if (parts[0] === "dlq" && parts.length === 1 && method === "GET") return { service: "order", path: "/admin/dlq" };
  if (parts[0] === "dlq" && parts.length === 3 && parts[2] === "republish" && method === "POST") return { service: "order", path: `/admin/dlq/${parts[1]}/republish` };
  if (parts[0] === "events" && parts.length === 3 && parts[1] && parts[2] === "duplicate" && method === "POST") return { service: "order", path: `/admin/events/${parts[1]}/duplicate`, eventId: parts[1] };
  if (parts[0] === "poison" && parts.length === 1 && method === "POST") return { service: "order", path: "/admin/poison" };
  return null;
}

async function allFaults(config: WebConfig, headers: Record<string, string>): Promise<FaultsView> {
  const entries = await Promise.all(
    SERVICES.map(async (s) => {
      try {
        const r = await fetch(`${config.services[s]}/admin/faults`, { headers, signal: AbortSignal.timeout(2000) });
        return [s, r.ok ? await r.json() : { unreachable: `HTTP ${r.status}` }] as const;
      } catch (err) {
        return [s, { unreachable: (err as Error).message }] as const;
      }
    }),
  );
  return Object.fromEntries(entries) as FaultsView;
}

/** The event's value as the observer stored it; NOT_FOUND when it has no such event. */
async function observedEvent(config: WebConfig, eventId: string): Promise<unknown> {
  let r: Response;
  try {
    r = await fetch(`${config.observerUrl}/sagas/orders/events/${encodeURIComponent(eventId)}`, { signal: AbortSignal.timeout(5000) });
  } catch (err) {
    throw new SagaError("DEPENDENCY_UNAVAILABLE", "the observer did not answer", { cause: err });
  }
  if (r.status === 404) throw new SagaError("NOT_FOUND", `no event ${eventId.slice(0, 80)} in the saga's records`);
  if (!r.ok) throw new SagaError("DEPENDENCY_UNAVAILABLE", `the observer answered ${r.status}`);
  return ((await r.json()) as { value: unknown }).value;
}

/** Answers one operator call; errors are thrown as SagaErrors for the gateway to answer. */
export async function handleAdmin(config: WebConfig, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const refused = checkAdmin(
    { token: config.adminToken, loopbackAllowed: config.kafka.embedded },
    { authorization: req.headers.authorization, remoteAddress: req.socket.remoteAddress },
  );
  if (refused) throw refused;
  const method = req.method ?? "GET";
  const target = adminTarget(method, url.pathname);
  if (!target) throw new SagaError("NOT_FOUND", `no operator route ${method} ${url.pathname}`);
  // The services check the same token; from loopback in the embedded mode they need none.
  const headers: Record<string, string> = config.adminToken ? { authorization: `Bearer ${config.adminToken}` } : {};
  if (target === "faults") return send(res, 200, await allFaults(config, headers));
  let body = method === "GET" || method === "DELETE" ? undefined : await readBody(req);
  const contentType = req.headers["content-type"];
  if (contentType) headers["content-type"] = contentType;
  if (target.eventId !== undefined) {
    body = Buffer.from(JSON.stringify(await observedEvent(config, target.eventId)));
    headers["content-type"] = "application/json";
  }
  await forward(res, target.service, `${config.services[target.service]}${target.path}${url.search}`, { method, headers, body, timeoutMs: 10_000 });
}

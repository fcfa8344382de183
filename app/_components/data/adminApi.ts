// The browser's calls to the operator API (/api/admin/*, saga.md "Additions"). In the embedded
// mode the gateway lets loopback through; elsewhere it wants a bearer token, which the person
// types into the chaos panel and which stays in this tab's sessionStorage only.
import type { AdminAccepted, DeadLetterView, FaultSettings, FaultsView } from "../../../contracts/admin";
import type { ServiceName, TopicName } from "../../../contracts/topics";
import { ApiError } from "./api";

const TOKEN_KEY = "sagascope.adminToken";

export function adminToken(): string | null {
  if (typeof window === "undefined") return null;
  return window.sessionStorage.getItem(TOKEN_KEY);
}

export function setAdminToken(token: string | null): void {
  if (token) window.sessionStorage.setItem(TOKEN_KEY, token);
  else window.sessionStorage.removeItem(TOKEN_KEY);
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  const token = adminToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const r = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: "no-store",
  });
  const json: unknown = await r.json().catch(() => null);
  if (!r.ok) throw new ApiError(r.status, json);
  return json as T;
}

/** True when the operator API refused the caller (no token, a wrong one, or the API is off). */
export const isLocked = (err: unknown): err is ApiError =>
  err instanceof ApiError && (err.status === 401 || err.status === 403);

export type DeadLetterFilter = { service?: ServiceName; topic?: TopicName; code?: string };

export const adminApi = {
  faults: () => call<FaultsView>("GET", "/api/admin/faults"),
  setFaults: (service: ServiceName, settings: FaultSettings) =>
    call<unknown>("PUT", `/api/admin/faults/${service}`, settings),
  clearFaults: (service: ServiceName) => call<unknown>("DELETE", `/api/admin/faults/${service}`),
  crash: (service: ServiceName) => call<AdminAccepted>("POST", `/api/admin/services/${service}/crash`),
  poison: (topic: TopicName) => call<AdminAccepted>("POST", "/api/admin/poison", { topic }),
  duplicate: (eventId: string) =>
    call<AdminAccepted>("POST", `/api/admin/events/${encodeURIComponent(eventId)}/duplicate`),
  deadLetters(filter: DeadLetterFilter) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
    return call<DeadLetterView[]>("GET", `/api/admin/dlq${q.size ? `?${q}` : ""}`);
  },
  republish: (id: string) => call<AdminAccepted>("POST", `/api/admin/dlq/${encodeURIComponent(id)}/republish`),
};

export const adminKeys = {
  faults: ["admin", "faults"] as const,
  deadLetters: (f: DeadLetterFilter) => ["admin", "dlq", f] as const,
};

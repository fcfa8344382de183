// What a /health answer means, on both sides of it. Every service and the observer answer 200
// only when their own check says "up", and 503 with the same body otherwise, so a load balancer
// or a supervisor that reads only the status code sees the truth. The web's gateway reads the
// status and the body together: a 200 whose body says "down" is down, and a 503 with a body is
// "down" with the service's own reason, not "unreachable".
import type { Route } from "./server";

export type Readiness = { status: "up" | "down"; detail?: string };
/** A /health answer as read: the readiness, and the body's fields (figures such as outboxDepth). */
export type HealthAnswer = Readiness & { body: Record<string, unknown> };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v : undefined);

/** True only for a body that says `status: "up"`. Pure. */
export function saysUp(body: unknown): boolean {
  return isRecord(body) && body.status === "up";
}

/** GET /health answering the check's body: 200 when it says "up", 503 otherwise, and 503 when the check itself throws. */
export function healthRoute(check: () => Promise<unknown>): Route {
  return {
    method: "GET",
    path: "/health",
    handle: async () => {
      const body = await check().catch((err: unknown): Readiness => ({
        status: "down",
        detail: `health check failed: ${err instanceof Error ? err.message : String(err)}`,
      }));
      return { status: saysUp(body) ? 200 : 503, body };
    },
  };
}

/**
 * Reads a /health answer from its HTTP status and body text: up only when the status is 2xx and
 * the body says "up"; otherwise down, with the body's detail (or its error message) when it has
 * one, else what was wrong with the answer. Pure.
 */
export function readHealthAnswer(httpStatus: number, bodyText: string): HealthAnswer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    parsed = undefined;
  }
  const body = isRecord(parsed) ? parsed : {};
  const ok = httpStatus >= 200 && httpStatus < 300;
  if (ok && saysUp(body)) return { status: "up", body };
  const said = text(body.detail) ?? text(body.message);
  if (said) return { status: "down", detail: said, body };
  if (!isRecord(parsed)) return { status: "down", detail: `HTTP ${httpStatus}, not a health answer`, body };
  return {
    status: "down",
    detail: body.status === "down" ? `HTTP ${httpStatus}, says down` : `HTTP ${httpStatus}, does not say up`,
    body,
  };
}

/** The detail of a health check that got no answer at all: the network error's code, or the time-out. */
export function unreachable(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } } | undefined;
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return `unreachable: no answer within ${timeoutMs} ms`;
  return `unreachable: ${e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err)}`;
}

// What the operator views say, as plain data: a service's faults in words, whether it is down
// (from /api/health and the operator API), the dead-letter filters kept in the URL, and a dead
// letter's original record made readable.
import type { FaultsView, FaultState } from "../../contracts/admin";
import type { HealthView } from "../../contracts/api";
import { SERVICES, TOPICS, type ServiceName, type TopicName } from "../../contracts/topics";

/** The faults in force, in words; null when the service runs clean. */
export function faultText(
  f: Pick<FaultState, "failNext" | "failRate" | "delayMs" | "paused"> | null | undefined,
): string | null {
  if (!f) return null;
  const parts: string[] = [];
  if (f.paused) parts.push("paused");
  if (f.failNext > 0) parts.push(`failing next ${f.failNext}`);
  if (f.failRate > 0) parts.push(`failing ${Math.round(f.failRate * 100)}%`);
  if (f.delayMs > 0) parts.push(`+${f.delayMs} ms per message`);
  return parts.length ? parts.join(", ") : null;
}

export type ServiceOps = {
  /** Not answering its health check (crashed, restarting) or reporting itself down. */
  down: boolean;
  /** Why, in words, when down. */
  detail: string | null;
  fault: string | null;
  injected: number;
};

export function serviceOps(
  health: HealthView | undefined,
  faults: FaultsView | undefined,
): Record<ServiceName, ServiceOps> {
  return Object.fromEntries(
    SERVICES.map((s) => {
      const h = health?.services[s];
      const f = faults?.[s];
      const state = f && !("unreachable" in f) ? f : null;
      const down = h ? h.status === "down" : false;
      return [
        s,
        {
          down,
          detail: down ? (h?.detail ?? "not answering") : null,
          fault: faultText(state),
          injected: state?.injected ?? 0,
        },
      ];
    }),
  ) as Record<ServiceName, ServiceOps>;
}

export type DeadLetterFilter = { service?: ServiceName; topic?: TopicName; code?: string };

/** The filters of the /dlq page from its URL query; unknown values are dropped, not sent. */
export function filterFromQuery(q: URLSearchParams): DeadLetterFilter {
  const f: DeadLetterFilter = {};
  const service = q.get("service");
  const topic = q.get("topic");
  const code = q.get("code")?.trim();
  if (service && (SERVICES as readonly string[]).includes(service)) f.service = service as ServiceName;
  if (topic && (TOPICS as readonly string[]).includes(topic)) f.topic = topic as TopicName;
  if (code && /^[A-Z_]{1,50}$/.test(code)) f.code = code;
  return f;
}

export function filterToQuery(f: DeadLetterFilter): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
  return q.size ? `?${q}` : "";
}

/** A dead letter's original record for reading: indented JSON when it parses, else the raw text. */
export function readableOriginal(raw: string): { json: boolean; text: string } {
  try {
    return { json: true, text: JSON.stringify(JSON.parse(raw), null, 2) };
  } catch {
    return { json: false, text: raw };
  }
}

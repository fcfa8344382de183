// The operator API of saga.md ("Additions"): fault injection per service, dead letters, and the
// tools that publish duplicates and poison. Served on the web origin under /api/admin/; the
// gateway forwards each call to the service that carries it out (paths in ADMIN_UPSTREAM).
import { z } from "zod";
import type { ServiceName, TopicName } from "./topics";
import { SERVICES, TopicNameSchema } from "./topics";

/** PUT /api/admin/faults/:service body: every field optional; what is given replaces what was in force. */
export const FaultSettings = z
  .object({
    failNext: z.number().int().min(0).max(1_000_000).optional(),
    failRate: z.number().min(0).max(1).optional(),
    delayMs: z.number().int().min(0).max(60_000).optional(),
    paused: z.boolean().optional(),
  })
  .strict();
export type FaultSettings = z.infer<typeof FaultSettings>;

/** The faults in force in one service process, with how many failures it injected so far. */
export type FaultState = {
  failNext: number;
  failRate: number;
  delayMs: number;
  paused: boolean;
  injected: number;
  /** True when any fault is in force. */
  active: boolean;
};
export type FaultsView = Record<ServiceName, FaultState | { unreachable: string }>;

export const ServiceParam = z.enum(SERVICES);

/** POST /api/admin/poison body. */
export const PoisonRequest = z.object({ topic: TopicNameSchema }).strict();
export type PoisonRequest = { topic: TopicName };

/** GET /api/admin/dlq query. */
export const DeadLetterQuery = z.object({
  service: z.enum(SERVICES).optional(),
  topic: TopicNameSchema.optional(),
  code: z.string().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** One saga-dlq message as GET /api/admin/dlq lists it (the id is the dead letter's eventId). */
export type DeadLetterView = {
  id: string;
  orderId: string;
  /** The topic the original message was consumed from. */
  topic: string;
  partition: number;
  offset: string;
  service: ServiceName;
  error: { code: string; message: string };
  attempts: number;
  at: string;
  /** The original record's value, as it was consumed. */
  original: string;
  /** When an operator last re-published it, or null. */
  republishedAt: string | null;
};

export type AdminAccepted = { accepted: true; detail: string };

// The notification service's unit of work (plain pg), Prisma read queries, and the external platform.
import { enqueueEvent, markProcessed } from "../../kit/db/outbox";
import type { Logger } from "../../kit/log";
import type { ExternalPlatform, NotificationQueries, NotificationTx, NotificationUnitOfWork } from "../application/ports";
import type { Database, Sql } from "../../kit/db/sql";
import type { PrismaClient } from "./generated/client";

function notificationTx(tx: Sql): NotificationTx {
  return {
    markProcessed: (eventId, topic) => markProcessed(tx, eventId, topic),
    enqueue: async (event, headers) => void (await enqueueEvent(tx, event, headers)),
    async recordNotice(n) {
      const r = await tx.query(
        `INSERT INTO notifications (id, order_id, user_id, order_status, channel, message) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT DO NOTHING`,
        [n.id, n.orderId, n.userId, n.orderStatus, n.channel, n.message],
      );
      return r.rowCount === 1;
    },
  };
}

export function sqlNotificationUnitOfWork(db: Database): NotificationUnitOfWork {
  return { run: (fn) => db.transaction((tx) => fn(notificationTx(tx))) };
}

export function prismaNotificationQueries(prisma: PrismaClient): NotificationQueries {
  return {
    async list(orderId) {
      const rows = await prisma.notification.findMany({ where: orderId ? { orderId } : {}, orderBy: { createdAt: "desc" }, take: 200 });
      return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
    },
  };
}

/** The embedded stand-in for the mail/alarm platform: it writes each notice to the log once per
 * delivery key, remembering the last 10,000 keys (as a real platform's idempotency window would). */
export function loggingPlatform(log: Logger): ExternalPlatform {
  const seen = new Set<string>();
  return {
    async deliver({ key, orderId, userId, notice }) {
      if (seen.has(key)) return;
      seen.add(key);
      if (seen.size > 10_000) seen.delete(seen.values().next().value!);
      log.info(`${notice.channel} to ${userId}`, { orderId, key, message: notice.message });
    },
  };
}

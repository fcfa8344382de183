// The notification service's unit of work (plain pg), Prisma read queries, and the external platform.
import { inboxTx } from "../../kit/db/outbox";
import type { Logger } from "../../kit/log";
import type {
  ExternalPlatform,
  NotificationQueries,
  NotificationTx,
  NotificationUnitOfWork,
} from "../application/ports";
import type { Database, Sql } from "../../kit/db/sql";
import type { PrismaClient } from "./generated/client";

function notificationTx(tx: Sql): NotificationTx {
  return {
    ...inboxTx(tx),
    async recordNotices(list) {
      if (list.length === 0) return new Set();
      const r = await tx.query<{ id: string }>(
        `INSERT INTO notifications (id, order_id, user_id, order_status, channel, message)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) ON CONFLICT DO NOTHING RETURNING id`,
        [
          list.map((n) => n.id),
          list.map((n) => n.orderId),
          list.map((n) => n.userId),
          list.map((n) => n.orderStatus),
          list.map((n) => n.channel),
          list.map((n) => n.message),
        ],
      );
      return new Set(r.rows.map((row) => row.id));
    },
  };
}

export function sqlNotificationUnitOfWork(db: Database): NotificationUnitOfWork {
  return { run: (fn) => db.transaction((tx) => fn(notificationTx(tx))) };
}

export function prismaNotificationQueries(prisma: PrismaClient): NotificationQueries {
  return {
    async list(orderId) {
      const rows = await prisma.notification.findMany({
        where: orderId ? { orderId } : {},
        orderBy: { createdAt: "desc" },
        take: 200,
      });
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

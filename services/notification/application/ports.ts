// What the notification use case needs: storage and the external platform.
import type { InboxTx, UnitOfWork } from "../../kit/application/inbox";
import type { Notice } from "../domain/message";

export type NotificationTx = InboxTx & {
  /** False when this order's notice for this status was already recorded. */
  recordNotice(n: Notice & { id: string; orderId: string; userId: string }): Promise<boolean>;
};

/** What the external platform is handed; it dedupes on `key`, so the same delivery twice tells the person once. */
export type Delivery = { key: string; orderId: string; userId: string; notice: Notice };

/** The external platform (mail, alarms). A thrown retriable SagaError is retried by the consumer. */
export type ExternalPlatform = { deliver(delivery: Delivery): Promise<void> };

export type NotificationQueries = {
  list(orderId?: string): Promise<{ id: string; orderId: string; userId: string; orderStatus: string; channel: string; message: string; createdAt: string }[]>;
};

export type NotificationUnitOfWork = UnitOfWork<NotificationTx>;

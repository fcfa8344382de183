// What the notification use case needs: storage and the external platform.
import type { InboxTx, UnitOfWork } from "../../kit/application/inbox";
import type { Notice } from "../domain/message";

export type NotificationTx = InboxTx & {
  /** Records notices; answers the ids of those recorded now (an order's notice for a status is recorded once). */
  recordNotices(notices: (Notice & { id: string; orderId: string; userId: string })[]): Promise<Set<string>>;
};

/** What the external platform is handed; it dedupes on `key`, so the same delivery twice tells the person once. */
export type Delivery = { key: string; orderId: string; userId: string; notice: Notice };

/** The external platform (mail, alarms). A thrown retriable SagaError is retried by the consumer. */
export type ExternalPlatform = { deliver(delivery: Delivery): Promise<void> };

export type NotificationQueries = {
  list(orderId?: string): Promise<
    {
      id: string;
      orderId: string;
      userId: string;
      orderStatus: string;
      channel: string;
      message: string;
      createdAt: string;
    }[]
  >;
};

export type NotificationUnitOfWork = UnitOfWork<NotificationTx>;

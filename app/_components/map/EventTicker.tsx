// The newest saga records, newest first, each linking to its order's journey.
import Link from "next/link";
import type { AnyEnvelope } from "../../../contracts/envelope";
import { hopKind, stepName } from "../../../contracts/saga-steps";
import type { SagaEvent } from "../../../contracts/socket";

/** The chip class of an event: its kind (a restore command is a compensation, a failed reply a failure). */
export function topicClass(envelope: Pick<AnyEnvelope, "type" | "payload">): string {
  const kind = hopKind(envelope);
  return kind === "dead-letter" ? "topic dlq" : `topic ${kind}`;
}

export function EventTicker({ events, max = 24 }: { events: readonly SagaEvent[]; max?: number }) {
  const newest = events.slice(-max).reverse();
  return (
    <section aria-label="Latest events">
      <h2>Latest events</h2>
      {newest.length === 0 ? (
        <p className="muted small">No events yet. Place an order to see it travel.</p>
      ) : (
        <ol className="ticker" reversed>
          {newest.map((e) => (
            <li key={e.id} data-record={e.id}>
              <span className="muted">{e.brokerTimestamp.slice(11, 23)}</span>
              <span className={topicClass(e.envelope)}>{stepName(e.envelope)}</span>
              <Link prefetch={false} href={`/orders/${encodeURIComponent(e.orderId)}`}>
                {e.orderId.slice(0, 8)}
              </Link>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

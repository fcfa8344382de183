// The newest saga records, newest first, each linking to its order's journey.
import Link from "next/link";
import type { SagaEvent } from "../../../contracts/socket";
import { EDGE_BY_TOPIC } from "../../_lib/topology";

export function topicClass(topic: SagaEvent["topic"]): string {
  return topic === "saga-dlq" ? "topic dlq" : `topic ${EDGE_BY_TOPIC[topic].kind}`;
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
              <span className={topicClass(e.topic)}>{e.topic}</span>
              <Link prefetch={false} href={`/orders/${encodeURIComponent(e.orderId)}`}>{e.orderId.slice(0, 8)}</Link>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

// The generated variants of the accuracy set (generated-sagas.ts makes their records and truths).
import { generate, type LabelledSaga } from "./generated-sagas";

const e = (topic: string, type: string, more: { sub?: [string, string]; parallel?: boolean } = {}) => ({
  topic,
  type,
  ...more,
});

export function generatedSet(instances = 300): LabelledSaga[] {
  return [
    generate(
      {
        name: "header-correlation",
        topics: ["h.orders", "h.payments", "h.shipping"],
        correlation: { header: "x-saga-id" },
        type: { source: "header", name: "eventType" },
        instances,
        paths: [
          {
            weight: 6,
            events: [
              e("h.orders", "OrderPlaced"),
              e("h.payments", "PaymentTaken"),
              e("h.shipping", "Shipped"),
              e("h.orders", "OrderCompleted"),
            ],
          },
          {
            weight: 2,
            events: [e("h.orders", "OrderPlaced"), e("h.payments", "PaymentFailed"), e("h.orders", "OrderCancelled")],
          },
          {
            weight: 2,
            events: [
              e("h.orders", "OrderPlaced"),
              e("h.payments", "PaymentTaken"),
              e("h.shipping", "ShippingFailed"),
              e("h.payments", "PaymentRefunded"),
              e("h.orders", "OrderCancelled"),
            ],
          },
        ],
      },
      11,
    ),
    generate(
      {
        name: "key-correlation",
        topics: ["k.bookings", "k.hotel", "k.flight"],
        correlation: { key: "uuid" },
        type: { source: "path", name: "status" },
        instances,
        paths: [
          {
            weight: 5,
            events: [
              e("k.bookings", "REQUESTED"),
              e("k.hotel", "RESERVED"),
              e("k.flight", "BOOKED"),
              e("k.bookings", "CONFIRMED"),
            ],
          },
          { weight: 2, events: [e("k.bookings", "REQUESTED"), e("k.hotel", "NO_ROOM"), e("k.bookings", "REJECTED")] },
          {
            weight: 2,
            events: [
              e("k.bookings", "REQUESTED"),
              e("k.hotel", "RESERVED"),
              e("k.flight", "FULL"),
              e("k.hotel", "RELEASED"),
              e("k.bookings", "REJECTED"),
            ],
          },
        ],
      },
      12,
    ),
    generate(
      {
        name: "nested-field",
        topics: ["n.orders", "n.inventory"],
        correlation: { path: "meta.trace.orderRef" },
        type: { source: "path", name: "event.type" },
        instances,
        paths: [
          { weight: 7, events: [e("n.orders", "created"), e("n.inventory", "reserved"), e("n.orders", "approved")] },
          {
            weight: 3,
            events: [e("n.orders", "created"), e("n.inventory", "out_of_stock"), e("n.orders", "rejected")],
          },
        ],
      },
      13,
    ),
    generate(
      {
        name: "types-and-noise",
        topics: ["x.transfers", "x.ledger"],
        correlation: { path: "transferId" },
        type: { source: "path", name: "type" },
        instances,
        noise: 2,
        paths: [
          {
            weight: 6,
            events: [
              e("x.transfers", "TransferRequested"),
              e("x.transfers", "FundsReserved"),
              e("x.ledger", "CreditApplied"),
              e("x.transfers", "TransferCompleted"),
            ],
          },
          {
            weight: 2,
            events: [
              e("x.transfers", "TransferRequested"),
              e("x.transfers", "InsufficientFunds"),
              e("x.transfers", "TransferCancelled", { sub: ["reason", "NO_FUNDS"] }),
            ],
          },
          {
            weight: 2,
            events: [
              e("x.transfers", "TransferRequested"),
              e("x.transfers", "FundsReserved"),
              e("x.ledger", "CreditRejected"),
              e("x.transfers", "FundsReleased"),
              e("x.transfers", "TransferCancelled", { sub: ["reason", "CREDIT_REJECTED"] }),
            ],
          },
        ],
      },
      14,
    ),
    generate(
      {
        name: "shared-topic",
        topics: ["s.orders", "s.payments"],
        correlation: { path: "orderId" },
        type: { source: "path", name: "type" },
        instances,
        neighbour: { topic: "s.payments", idPath: "refundId", types: ["RefundRequested", "RefundPaid"] },
        paths: [
          {
            weight: 7,
            events: [e("s.orders", "OrderOpened"), e("s.payments", "Charged"), e("s.orders", "OrderClosed")],
          },
          {
            weight: 3,
            events: [e("s.orders", "OrderOpened"), e("s.payments", "ChargeDeclined"), e("s.orders", "OrderAborted")],
          },
        ],
      },
      15,
    ),
    generate(
      {
        name: "parallel-replies",
        topics: ["p.orders", "p.payment-replies", "p.stock-replies"],
        correlation: { key: "long" },
        type: { source: "path", name: "status" },
        instances,
        paths: [
          {
            weight: 6,
            events: [
              e("p.orders", "NEW"),
              e("p.payment-replies", "ACCEPT", { parallel: true }),
              e("p.stock-replies", "ACCEPT", { parallel: true }),
              e("p.orders", "CONFIRMED"),
            ],
          },
          {
            weight: 2,
            events: [
              e("p.orders", "NEW"),
              e("p.payment-replies", "REJECT", { parallel: true }),
              e("p.stock-replies", "ACCEPT", { parallel: true }),
              e("p.orders", "ROLLBACK"),
            ],
          },
          {
            weight: 2,
            events: [
              e("p.orders", "NEW"),
              e("p.payment-replies", "ACCEPT", { parallel: true }),
              e("p.stock-replies", "REJECT", { parallel: true }),
              e("p.orders", "ROLLBACK"),
            ],
          },
        ],
      },
      16,
    ),
    generate(
      {
        name: "one-event-per-topic",
        topics: [
          "c.order-created",
          "c.stock-reserved",
          "c.payment-done",
          "c.order-completed",
          "c.stock-failed",
          "c.order-cancelled",
        ],
        correlation: { path: "orderId" },
        type: { source: "path", name: "type" },
        instances,
        paths: [
          {
            weight: 6,
            events: [
              e("c.order-created", "order-created"),
              e("c.stock-reserved", "stock-reserved"),
              e("c.payment-done", "payment-done"),
              e("c.order-completed", "order-completed"),
            ],
          },
          {
            weight: 3,
            events: [
              e("c.order-created", "order-created"),
              e("c.stock-failed", "stock-failed"),
              e("c.order-cancelled", "order-cancelled"),
            ],
          },
        ],
      },
      17,
    ),
  ];
}

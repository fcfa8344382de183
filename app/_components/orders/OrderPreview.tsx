"use client";
// The order open beside the list: its summary and a link to the full journey.
import Link from "next/link";
import type { OrderSummary } from "../../../contracts/api";
import { MODE_LABEL } from "../../_lib/topology";
import { StatusBadge } from "../StatusBadge";

export function OrderPreview({ order, onClose }: { order: OrderSummary; onClose(): void }) {
  return (
    <aside className="panel stack" aria-label={`Order ${order.orderId} details`}>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2 style={{ margin: 0 }}>Order</h2>
        <button type="button" onClick={onClose} aria-label="Close order details">
          Close
        </button>
      </div>
      <code>{order.orderId}</code>
      <StatusBadge status={order.status} reason={order.reason} />
      <dl className="small" style={{ display: "grid", gridTemplateColumns: "auto 1fr", gap: "4px 12px", margin: 0 }}>
        <dt className="muted">Mode</dt>
        <dd style={{ margin: 0 }}>{MODE_LABEL[order.mode]}</dd>
        <dt className="muted">User</dt>
        <dd style={{ margin: 0 }}>{order.userId}</dd>
        <dt className="muted">Items</dt>
        <dd style={{ margin: 0 }}>{order.itemCount}</dd>
        <dt className="muted">Total</dt>
        <dd style={{ margin: 0 }}>{order.totalAmount ?? "–"} points</dd>
        <dt className="muted">Created</dt>
        <dd style={{ margin: 0 }}>{new Date(order.createdAt).toLocaleString()}</dd>
        <dt className="muted">Updated</dt>
        <dd style={{ margin: 0 }}>{new Date(order.updatedAt).toLocaleString()}</dd>
      </dl>
      <Link href={`/orders/${encodeURIComponent(order.orderId)}`}>Open the journey</Link>
      <p className="small muted">While an order is open, new orders wait above the list instead of moving it.</p>
    </aside>
  );
}

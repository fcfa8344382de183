"use client";
// The orders placed from this tab, newest first, each with its saga mode, its status changing
// live from Pending to Completed or Cancelled (with the reason) and what the saga is doing now.
import Link from "next/link";
import { useMemo } from "react";
import type { SagaMode } from "../../../contracts/topics";
import { buildJourney, liveStatus } from "../../_lib/journey";
import { SERVICE_LABEL } from "../../_lib/topology";
import { useOrderLive } from "../data/useOrderLive";
import { ModeBadge } from "../ModeBadge";
import { StatusBadge } from "../StatusBadge";

/** An order placed from this tab; `mode` null for one saved before orders had a mode. */
export type Placed = { id: string; mode: SagaMode | null };

function PlacedOrder({ orderId, placedMode }: { orderId: string; placedMode: SagaMode | null }) {
  const { view, steps } = useOrderLive(orderId);
  const mode = view?.mode ?? placedMode ?? undefined;
  const journey = useMemo(() => buildJourney(steps, Date.now(), mode), [steps, mode]);
  const { status, reason } = liveStatus(view, journey);
  const doing = journey.expected
    ? `Waiting for ${SERVICE_LABEL[journey.expected.service]} to ${journey.expected.what}`
    : journey.steps.length
      ? `Finished in ${journey.steps.length} steps`
      : "Accepted";
  return (
    <li className="panel" aria-label={`Order ${orderId}`} data-order-id={orderId}>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <code>{orderId}</code>
        <span className="row" style={{ gap: 6 }}>
          <ModeBadge mode={journey.mode} />
          <StatusBadge status={status} reason={reason} live />
        </span>
      </div>
      <div className="row small muted" style={{ justifyContent: "space-between", marginTop: 6 }}>
        <span>
          {doing}
          {journey.branch !== "in flight" && journey.branch !== "happy path" ? ` · ${journey.branch}` : ""}
        </span>
        <Link prefetch={false} href={`/orders/${encodeURIComponent(orderId)}`}>
          Open journey
        </Link>
      </div>
    </li>
  );
}

export function PlacedOrders({ placed }: { placed: Placed[] }) {
  return (
    <section className="stack" aria-label="Your orders">
      <h2>Your orders</h2>
      {placed.length === 0 ? (
        <p className="muted">Orders you place appear here and update as the saga runs.</p>
      ) : (
        <ul className="stack" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {placed.map((p) => (
            <PlacedOrder key={p.id} orderId={p.id} placedMode={p.mode} />
          ))}
        </ul>
      )}
    </section>
  );
}

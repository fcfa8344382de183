"use client";
// Live invariant check (saga.md): stock and money conservation, computed by the gateway from
// the services' own figures, refetched when an order starts or ends (socket notices, no polling).
// Conservation is only asserted at a quiet moment: while orders are in flight, stock can be
// taken for an order that has not completed yet.
import { useQuery } from "@tanstack/react-query";
import { api, queryKeys } from "../data/api";
import { useInventoryInvalidation } from "../data/LiveProvider";

export function InvariantsPanel() {
  useInventoryInvalidation(400, { invariants: true });
  const { data, error } = useQuery({ queryKey: queryKeys.invariants, queryFn: api.invariants });

  let state: "holding" | "violated" | "in flight" | "unknown" = "unknown";
  if (data && !data.quiet) state = "in flight";
  else if (data) state = data.ok ? "holding" : "violated";
  const text =
    state === "holding"
      ? "Stock and money conserved"
      : state === "violated"
        ? `${data!.violations.length} violation(s)`
        : state === "in flight"
          ? `checked when quiet (${data!.inFlight} in flight)`
          : error
            ? "could not be checked"
            : "checking…";

  return (
    <section
      className={`panel invariants invariants-${state.replace(" ", "-")}`}
      role="status"
      aria-label={`Invariants: ${state}`}
    >
      <div className="row" style={{ justifyContent: "space-between" }}>
        <strong>Invariants</strong>
        <span className={state === "violated" ? "bad" : state === "holding" ? "good" : "muted"}>{text}</span>
      </div>
      {state === "violated" && (
        <ul className="small">
          {data!.violations.map((v) => (
            <li key={v}>{v}</li>
          ))}
        </ul>
      )}
      {data && (
        <p className="small muted">
          {data.stock.length} products, {data.money.length} users · every product: initial stock = stock + units in
          completed orders; every user: initial balance = balance + points paid for completed orders
        </p>
      )}
    </section>
  );
}

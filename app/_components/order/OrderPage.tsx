"use client";
// The ordering page: the form on the left, this tab's orders (kept across reloads, with the saga
// mode each was placed in) on the right.
import { useEffect, useState } from "react";
import { SagaMode } from "../../../contracts/topics";
import { OrderForm } from "./OrderForm";
import { PlacedOrders, type Placed } from "./PlacedOrders";

const KEY = "sagascope.placed";

export function OrderPage() {
  const [placed, setPlaced] = useState<Placed[]>([]);
  useEffect(() => {
    try {
      const saved = JSON.parse(sessionStorage.getItem(KEY) ?? "[]") as unknown;
      // Entries were bare ids before orders had a mode.
      const read = (x: unknown): Placed[] =>
        typeof x === "string"
          ? [{ id: x, mode: null }]
          : typeof x === "object" && x !== null && typeof (x as Placed).id === "string"
            ? [{ id: (x as Placed).id, mode: SagaMode.safeParse((x as Placed).mode).data ?? null }]
            : [];
      if (Array.isArray(saved)) setPlaced(saved.flatMap(read).slice(0, 10));
    } catch {
      // nothing saved
    }
  }, []);
  const add = (id: string, mode: SagaMode) =>
    setPlaced((p) => {
      const next = [{ id, mode }, ...p.filter((x) => x.id !== id)].slice(0, 10);
      sessionStorage.setItem(KEY, JSON.stringify(next));
      return next;
    });
  return (
    <div className="stack">
      <div>
        <h1>Place an order</h1>
        <p className="lead">
          Pick a user and products. The order then travels through the stock, balance and notification services; if a
          step fails, the saga undoes what was done.
        </p>
      </div>
      <div className="grid-2">
        <OrderForm onPlaced={add} />
        <PlacedOrders placed={placed} />
      </div>
    </div>
  );
}

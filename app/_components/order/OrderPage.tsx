"use client";
// The ordering page: the form on the left, this tab's orders (kept across reloads) on the right.
import { useEffect, useState } from "react";
import { OrderForm } from "./OrderForm";
import { PlacedOrders } from "./PlacedOrders";

const KEY = "sagascope.placed";

export function OrderPage() {
  const [placed, setPlaced] = useState<string[]>([]);
  useEffect(() => {
    try {
      const saved = JSON.parse(sessionStorage.getItem(KEY) ?? "[]") as unknown;
      if (Array.isArray(saved)) setPlaced(saved.filter((x): x is string => typeof x === "string").slice(0, 10));
    } catch {
      // nothing saved
    }
  }, []);
  const add = (id: string) =>
    setPlaced((p) => {
      const next = [id, ...p.filter((x) => x !== id)].slice(0, 10);
      sessionStorage.setItem(KEY, JSON.stringify(next));
      return next;
    });
  return (
    <div className="stack">
      <div>
        <h1>Place an order</h1>
        <p className="lead">Pick a user and products. The order then travels through the stock, balance and notification services; if a step fails, the saga undoes what was done.</p>
      </div>
      <div className="grid-2">
        <OrderForm onPlaced={add} />
        <PlacedOrders ids={placed} />
      </div>
    </div>
  );
}

import { Suspense } from "react";
import { OrdersList } from "../_components/orders/OrdersList";

export const metadata = { title: "Orders · SagaScope" };

export default function OrdersPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <OrdersList />
    </Suspense>
  );
}

import { Suspense } from "react";
import { CompareOrders } from "../_components/compare/CompareOrders";

export const metadata = { title: "Compare orders · SagaScope" };

export default function ComparePage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <CompareOrders />
    </Suspense>
  );
}

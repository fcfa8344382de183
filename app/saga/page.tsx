import { Suspense } from "react";
import { LiveMap } from "../_components/map/LiveMap";

export const metadata = { title: "Saga map · SagaScope" };

export default function SagaPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <LiveMap />
    </Suspense>
  );
}

import { Suspense } from "react";
import { SagaOverview } from "../../_components/sagas/SagaOverview";

export const metadata = { title: "Saga · SagaScope" };

export default async function SagaPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <SagaOverview name={decodeURIComponent(name)} />
    </Suspense>
  );
}

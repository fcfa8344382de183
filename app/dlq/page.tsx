import { Suspense } from "react";
import { DeadLetters } from "../_components/dlq/DeadLetters";

export const metadata = { title: "Dead letters · SagaScope" };

export default function DeadLettersPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <DeadLetters />
    </Suspense>
  );
}

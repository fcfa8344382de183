import { DefinitionProblems } from "../_components/sagas/DefinitionProblems";
import { SagaList } from "../_components/sagas/SagaList";

export const metadata = { title: "Sagas · SagaScope" };

export default function SagasPage() {
  return (
    <div className="stack">
      <DefinitionProblems />
      <SagaList />
    </div>
  );
}

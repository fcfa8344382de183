import { SagaList } from "../_components/sagas/SagaList";

export const metadata = { title: "Sagas · SagaScope" };

export default function SagasPage() {
  return <SagaList />;
}

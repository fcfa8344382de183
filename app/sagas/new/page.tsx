import { NewSaga } from "../../_components/sagas/new/NewSaga";

export const metadata = { title: "Add a saga · SagaScope" };

export default function NewSagaPage() {
  return <NewSaga />;
}

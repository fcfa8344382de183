import { InstanceJourney } from "../../../../_components/sagas/InstanceJourney";

export const metadata = { title: "Saga instance · SagaScope" };

export default async function InstancePage({ params }: { params: Promise<{ name: string; id: string }> }) {
  const { name, id } = await params;
  return <InstanceJourney name={decodeURIComponent(name)} id={decodeURIComponent(id)} />;
}

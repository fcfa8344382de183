import { OrderJourney } from "../../_components/journey/OrderJourney";

export const metadata = { title: "Order journey · SagaScope" };

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <OrderJourney orderId={decodeURIComponent(id)} />;
}

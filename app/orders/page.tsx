import { OrdersList } from "../_components/orders/OrdersList";

export const metadata = { title: "Orders · SagaScope" };

export default function OrdersPage() {
  return <OrdersList />;
}

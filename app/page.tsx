import { OrderPage } from "./_components/order/OrderPage";

export default function Home() {
  return <OrderPage />;
}

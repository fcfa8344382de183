// What the stock use cases need from storage; infra/stock-store.ts implements it with Prisma.
import type { OrderItem, ProductView, StockLevel } from "../../../contracts";
import type { InboxTx, UnitOfWork } from "../../kit/application/inbox";
import type { Product, Reservation, ReservationStatus } from "../domain/stock";

export type StockTx = InboxTx & {
  /** Locks the products in id order (no deadlocks between concurrent orders). */
  lockProducts(ids: string[]): Promise<Map<string, Product>>;
  findReservationForUpdate(orderId: string): Promise<Reservation | null>;
  /** Applies signed stock deltas; the database refuses a negative result. */
  adjustStock(deltas: { productId: string; delta: number }[]): Promise<StockLevel[]>;
  saveReservation(orderId: string, status: ReservationStatus, items: OrderItem[], reason: string | null): Promise<void>;
};

export type StockQueries = { products(): Promise<ProductView[]> };
export type StockUnitOfWork = UnitOfWork<StockTx>;

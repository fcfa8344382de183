// What the stock use cases need from storage; infra/stock-store.ts implements it with Prisma.
import type { OrderItem, ProductView, StockLevel } from "../../../contracts";
import type { InboxTx, UnitOfWork } from "../../kit/application/inbox";
import type { Product, Reservation, ReservationStatus } from "../domain/stock";

export type ReservationRow = { orderId: string; status: ReservationStatus; items: OrderItem[]; reason: string | null };

export type StockTx = InboxTx & {
  /** Locks the products in id order (no deadlocks between concurrent orders). */
  lockProducts(ids: string[]): Promise<Map<string, Product>>;
  /** Locks these orders (even those with no reservation yet) and reads their reservations. */
  findReservationsForUpdate(orderIds: string[]): Promise<Map<string, Reservation>>;
  /** Applies signed stock deltas (summed per product); the database refuses a negative result. */
  adjustStock(deltas: { productId: string; delta: number }[]): Promise<StockLevel[]>;
  /** Upserts reservations; a later row for the same order wins. Empty items keep the stored ones. */
  saveReservations(rows: ReservationRow[]): Promise<void>;
};

export type StockQueries = { products(): Promise<ProductView[]> };
export type StockUnitOfWork = UnitOfWork<StockTx>;

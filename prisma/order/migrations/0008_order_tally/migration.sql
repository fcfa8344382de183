-- What /holdings answers (orders by status, units and points held by COMPLETED orders), kept as
-- append-only deltas written in the same transaction as each change of status, so that the
-- invariants check reads a few thousand rows however many orders the table holds. Reads fold
-- the deltas into one row per key when they pile up (services/order/infra/order-tally.ts).
CREATE TABLE "order_tally" (
    "kind" TEXT NOT NULL CHECK ("kind" IN ('status', 'units', 'points')),
    "key" TEXT NOT NULL,
    "amount" BIGINT NOT NULL
);

INSERT INTO "order_tally" ("kind", "key", "amount")
SELECT 'status', "status"::text, count(*) FROM "orders" GROUP BY "status";

INSERT INTO "order_tally" ("kind", "key", "amount")
SELECT 'units', i."product_id", sum(i."quantity") FROM "order_items" i JOIN "orders" o ON o."id" = i."order_id"
WHERE o."status" = 'COMPLETED' GROUP BY i."product_id";

INSERT INTO "order_tally" ("kind", "key", "amount")
SELECT 'points', "user_id", sum("total_amount") FROM "orders" WHERE "status" = 'COMPLETED' GROUP BY "user_id";

-- The list filtered by a reason (TIMEOUT is rare) no longer walks every order.
CREATE INDEX "orders_reason_created_at_idx" ON "orders"("reason", "created_at" DESC) WHERE "reason" IS NOT NULL;

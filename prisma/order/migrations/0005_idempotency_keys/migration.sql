-- POST /api/orders with an Idempotency-Key: a retried request finds the order it created
-- (request_hash tells a retry from a different request that reuses the key).
ALTER TABLE "orders" ADD COLUMN "idempotency_key" TEXT, ADD COLUMN "request_hash" TEXT;

CREATE UNIQUE INDEX "orders_idempotency_key_key" ON "orders"("idempotency_key");

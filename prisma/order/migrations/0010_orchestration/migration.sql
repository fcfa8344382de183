-- Orchestration mode (saga.md, Additions): the saga design that carries each order, and the
-- orchestrator's durable state, one row per orchestrated saga.
ALTER TABLE "orders" ADD COLUMN "mode" TEXT NOT NULL DEFAULT 'choreography';
CREATE INDEX "orders_mode_created_at_idx" ON "orders" ("mode", "created_at" DESC);

CREATE TABLE "saga_instances" (
    "order_id" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "saga_instances_pkey" PRIMARY KEY ("order_id")
);

-- The W3C traceparent of the handler or request that wrote the row (tracing on), so the relay's
-- publish span, however much later, continues that trace.
ALTER TABLE "outbox" ADD COLUMN "traceparent" TEXT;

-- Each record's headers as text (services/observer/domain/record.ts keptHeaders bounds them):
-- the journey shows them, and the built-in saga's hop times read x-consumed-at from them.
ALTER TABLE saga_records ADD COLUMN headers jsonb NOT NULL DEFAULT '{}'::jsonb;

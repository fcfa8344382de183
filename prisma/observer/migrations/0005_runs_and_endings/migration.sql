-- attach.md, "Additions": ids used again begin new runs (an instance is a saga, id and run), and
-- an instance ends COMPLETED, COMPENSATED, FAILED or CANCELLED.
ALTER TABLE saga_instances ADD COLUMN run int NOT NULL DEFAULT 1;
ALTER TABLE saga_instances DROP CONSTRAINT saga_instances_pkey;
ALTER TABLE saga_instances ADD PRIMARY KEY (saga, id, run);
ALTER TABLE saga_instances DROP CONSTRAINT saga_instances_ending_check;
ALTER TABLE saga_instances ADD CONSTRAINT saga_instances_ending_check CHECK (ending IN ('COMPLETED', 'COMPENSATED', 'FAILED', 'CANCELLED'));

ALTER TABLE saga_records ADD COLUMN run int NOT NULL DEFAULT 1;
DROP INDEX saga_records_instance;
CREATE INDEX saga_records_instance ON saga_records (saga, instance_id, run, at);

-- Each partition adds to counters of its own (shard = topic/partition): the batches of different
-- partitions, stored in concurrent transactions, no longer wait on the same counter rows (on the
-- built-in saga's 88 partitions they queued on `total` and `seen`). Readers sum the shards.
ALTER TABLE saga_counters ADD COLUMN shard text NOT NULL DEFAULT '';
ALTER TABLE saga_counters DROP CONSTRAINT saga_counters_pkey;
ALTER TABLE saga_counters ADD PRIMARY KEY (saga, metric, subject, shard);

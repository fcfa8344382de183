-- The observer's own database (services/observer): what it read of the sagas it watches.
-- Written by hand: the observer reads and writes through pg only (no Prisma client).

-- Per saga and partition, the next offset to take: written in the transaction of the records'
-- effects, so a batch redelivered after a crash (offsets are committed to Kafka later) is skipped.
CREATE TABLE saga_positions (
  saga        text   NOT NULL,
  topic       text   NOT NULL,
  "partition" int    NOT NULL,
  next_offset bigint NOT NULL,
  PRIMARY KEY (saga, topic, "partition")
);

CREATE TABLE saga_instances (
  saga          text        NOT NULL,
  id            text        NOT NULL,
  started_at    timestamptz NOT NULL,
  last_event_at timestamptz NOT NULL,
  -- The earliest record of an `ends` step, by Kafka timestamp: COMPLETED or CANCELLED.
  ending        text        CHECK (ending IN ('COMPLETED', 'CANCELLED')),
  ended_at      timestamptz,
  records       int         NOT NULL,
  PRIMARY KEY (saga, id)
);
CREATE INDEX saga_instances_newest ON saga_instances (saga, started_at DESC);

CREATE TABLE saga_records (
  saga        text        NOT NULL,
  topic       text        NOT NULL,
  "partition" int         NOT NULL,
  "offset"    bigint      NOT NULL,
  instance_id text        NOT NULL,
  -- null: the record matched no step (unmatched).
  step        text,
  at          timestamptz NOT NULL,
  key         text,
  -- null when the value was above the size limit (truncated).
  value       jsonb,
  truncated   boolean     NOT NULL,
  size        int         NOT NULL,
  PRIMARY KEY (saga, topic, "partition", "offset")
);
CREATE INDEX saga_records_instance ON saga_records (saga, instance_id, at);

-- total, notJson, oversized, unmatched; seen per step id; uncorrelated per topic.
CREATE TABLE saga_counters (
  saga    text   NOT NULL,
  metric  text   NOT NULL,
  subject text   NOT NULL DEFAULT '',
  value   bigint NOT NULL,
  PRIMARY KEY (saga, metric, subject)
);

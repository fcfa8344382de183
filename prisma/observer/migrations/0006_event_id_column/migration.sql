-- Any saga whose definition says where its event id is (`eventId`, docs/attach.md) has it kept
-- per record, indexed per saga: GET /sagas/:name/events/:eventId finds the record. It replaces
-- 0003's expression index, which served one saga named in its predicate. Records stored before
-- this migration have no event id (their saga's definition is not known to SQL).
ALTER TABLE saga_records ADD COLUMN event_id text;
CREATE INDEX saga_records_event ON saga_records (saga, event_id, at) WHERE event_id IS NOT NULL;
DROP INDEX saga_records_event_id;

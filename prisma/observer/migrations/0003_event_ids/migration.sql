-- The built-in saga's records by their envelope's eventId: the operator's "publish a duplicate"
-- finds the event here (the order service keeps only orders and dead letters).
CREATE INDEX saga_records_event_id ON saga_records ((value->>'eventId')) WHERE saga = 'orders';

-- The same table, now partitioned by month range: created anew, rows copied, constraints, index, view and
-- comments rebuilt on it.
CREATE TABLE app.events (
    id int NOT NULL,
    at date NOT NULL,
    kind text NOT NULL,
    CONSTRAINT events_pk PRIMARY KEY (id, at),
    CONSTRAINT events_kind_set CHECK (kind <> '')
) PARTITION BY RANGE (at);
CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE app.events_later PARTITION OF app.events DEFAULT;
CREATE INDEX events_kind ON app.events (kind);
COMMENT ON TABLE app.events IS 'what happened';
COMMENT ON COLUMN app.events.kind IS 'the kind of event';
CREATE VIEW app.recent_events AS SELECT id, kind FROM app.events WHERE at > DATE '2025-06-01';

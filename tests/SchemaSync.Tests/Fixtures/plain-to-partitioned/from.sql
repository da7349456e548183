CREATE TABLE app.events (
    id int NOT NULL,
    at date NOT NULL,
    kind text NOT NULL,
    CONSTRAINT events_pk PRIMARY KEY (id, at),
    CONSTRAINT events_kind_set CHECK (kind <> '')
);
CREATE INDEX events_kind ON app.events (kind);
COMMENT ON TABLE app.events IS 'what happened';
COMMENT ON COLUMN app.events.kind IS 'the kind of event';
CREATE VIEW app.recent_events AS SELECT id, kind FROM app.events WHERE at > DATE '2025-06-01';
INSERT INTO app.events SELECT g, DATE '2024-01-01' + (g * 5), 'k' || (g % 4) FROM generate_series(1, 150) g;

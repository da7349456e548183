-- The partitioned index arrives: the partition's existing index is attached to it (as pg_dump writes it), not dropped
-- and built again; the other partition's is built.
CREATE TABLE app.events (id bigint, kind text, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE app.events_2025 PARTITION OF app.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE app.events_2026 PARTITION OF app.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX events_kind_idx ON app.events (kind);

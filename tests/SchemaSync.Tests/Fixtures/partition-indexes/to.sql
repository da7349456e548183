CREATE TABLE app.events (id bigint, at date NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE app.events_2025 PARTITION OF app.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX events_at ON app.events (at);
-- A partition whose index was built under a chosen name, then attached (as pg_dump restores it).
CREATE TABLE app.events_2026 (id bigint, at date NOT NULL, kind text);
CREATE INDEX events_2026_on_at ON app.events_2026 (at);
ALTER TABLE app.events ATTACH PARTITION app.events_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
-- A second index on the parent: the existing partition's index is built and attached under the source's name.
CREATE INDEX events_kind ON ONLY app.events (kind);
CREATE INDEX events_2025_by_kind ON app.events_2025 (kind);
ALTER INDEX app.events_kind ATTACH PARTITION app.events_2025_by_kind;
CREATE INDEX events_2026_kind_idx ON app.events_2026 (kind);
ALTER INDEX app.events_kind ATTACH PARTITION app.events_2026_kind_idx;

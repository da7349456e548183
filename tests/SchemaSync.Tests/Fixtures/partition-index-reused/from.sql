CREATE TABLE app.events (id bigint, kind text, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE app.events_2025 PARTITION OF app.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE app.events_2026 PARTITION OF app.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
-- Built by hand on one partition before the partitioned index existed.
CREATE INDEX events_2025_kind_idx ON app.events_2025 (kind);
INSERT INTO app.events SELECT g, 'kind ' || (g % 7), DATE '2025-01-01' + (g % 700) FROM generate_series(1, 300) g;

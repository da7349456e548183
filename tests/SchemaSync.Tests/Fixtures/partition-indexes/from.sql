CREATE TABLE app.events (id bigint, at date NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE app.events_2025 PARTITION OF app.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX events_at ON app.events (at);
INSERT INTO app.events SELECT g, DATE '2025-01-01' + (g % 300), 'k' FROM generate_series(1, 500) g;

CREATE TABLE app.events (id bigint NOT NULL, at date NOT NULL, kind text NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE app.events_2025 PARTITION OF app.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX events_at ON app.events (at);
INSERT INTO app.events SELECT g, DATE '2024-01-01' + (g % 700), 'k' || (g % 3) FROM generate_series(1, 300) g;

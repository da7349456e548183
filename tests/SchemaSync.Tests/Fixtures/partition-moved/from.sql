CREATE TABLE app.readings (id bigint, value numeric, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE app.archive (id bigint, value numeric, at date NOT NULL) PARTITION BY RANGE (at);
CREATE INDEX readings_at_idx ON app.readings (at);
CREATE INDEX archive_at_idx ON app.archive (at);
CREATE TABLE app.readings_2024 PARTITION OF app.readings FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE app.readings_2025 PARTITION OF app.readings FOR VALUES FROM ('2025-01-01') TO ('2025-07-01');
INSERT INTO app.readings SELECT g, g, DATE '2024-01-01' + (g % 540) FROM generate_series(1, 300) g;

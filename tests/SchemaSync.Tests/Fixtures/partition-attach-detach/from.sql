CREATE TABLE app.readings (id bigint NOT NULL, at date NOT NULL, value numeric) PARTITION BY RANGE (at);
CREATE TABLE app.readings_2024 PARTITION OF app.readings FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
-- Loaded into a plain table first, to be attached.
CREATE TABLE app.readings_2025 (id bigint NOT NULL, at date NOT NULL, value numeric);
INSERT INTO app.readings SELECT g, DATE '2024-01-01' + (g % 300), g FROM generate_series(1, 100) g;
INSERT INTO app.readings_2025 SELECT g, DATE '2025-01-01' + (g % 300), g FROM generate_series(1, 80) g;

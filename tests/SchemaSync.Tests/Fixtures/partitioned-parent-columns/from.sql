CREATE TABLE app.metrics (id bigint NOT NULL, at date NOT NULL, value numeric) PARTITION BY RANGE (at);
CREATE TABLE app.metrics_2024 PARTITION OF app.metrics FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE app.metrics_2023 PARTITION OF app.metrics FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
INSERT INTO app.metrics SELECT g, DATE '2024-01-01' + (g % 300), g FROM generate_series(1, 100) g;

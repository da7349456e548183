-- A column added to the parent only (partitions inherit it), a partition added, an empty one removed.
CREATE TABLE app.metrics (id bigint NOT NULL, at date NOT NULL, value numeric, unit text DEFAULT 'ms') PARTITION BY RANGE (at);
CREATE TABLE app.metrics_2024 PARTITION OF app.metrics FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE app.metrics_2025 PARTITION OF app.metrics FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');

CREATE TABLE app.readings (id bigint NOT NULL, at date NOT NULL, value numeric) PARTITION BY RANGE (at);
-- 2024 is archived: detached into a plain table (its rows stay); 2025 is attached.
CREATE TABLE app.readings_2024 (id bigint NOT NULL, at date NOT NULL, value numeric);
CREATE TABLE app.readings_2025 PARTITION OF app.readings FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');

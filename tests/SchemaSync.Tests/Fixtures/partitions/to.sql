CREATE TABLE app.measurements (id bigint, at date NOT NULL, value numeric) PARTITION BY RANGE (at);
CREATE TABLE app.measurements_2025 PARTITION OF app.measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE app.measurements_2026 PARTITION OF app.measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX measurements_at ON app.measurements (at);
CREATE TABLE app.logs (id bigint, kind text NOT NULL, line text) PARTITION BY LIST (kind);
CREATE TABLE app.logs_web PARTITION OF app.logs FOR VALUES IN ('web');
CREATE TABLE app.logs_other PARTITION OF app.logs DEFAULT;

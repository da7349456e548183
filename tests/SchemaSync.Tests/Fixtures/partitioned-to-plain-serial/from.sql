CREATE TABLE app.jobs (id serial, queued date NOT NULL, payload text) PARTITION BY RANGE (queued);
CREATE TABLE app.jobs_2025 PARTITION OF app.jobs FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE app.jobs_2026 PARTITION OF app.jobs FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
INSERT INTO app.jobs (queued, payload) SELECT DATE '2025-01-01' + (g % 600), 'job ' || g FROM generate_series(1, 120) g;

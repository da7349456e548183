-- A partitioned table with a serial id becomes a plain table with an identity id: the identity sequence takes the
-- serial sequence's name, so the old one must step aside first, and the counter carries on.
CREATE TABLE app.orders (id serial, placed date NOT NULL, total numeric) PARTITION BY RANGE (placed);
CREATE TABLE app.orders_2025 PARTITION OF app.orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
INSERT INTO app.orders (placed, total) SELECT date '2025-01-01' + g, g FROM generate_series(1, 40) g;

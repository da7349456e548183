CREATE TABLE app.customers (id int PRIMARY KEY, name text);
CREATE TABLE app.orders (id int, customer_id int, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE app.orders_2025 PARTITION OF app.orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE app.orders_2026 PARTITION OF app.orders FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
INSERT INTO app.customers SELECT g, 'customer ' || g FROM generate_series(1, 50) g;
INSERT INTO app.orders SELECT g, 1 + g % 50, DATE '2025-01-01' + (g % 700) FROM generate_series(1, 300) g;

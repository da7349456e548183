-- A foreign key added to a partitioned table: PostgreSQL refuses NOT VALID there, so it is added valid at once.
CREATE TABLE app.customers (id int PRIMARY KEY, name text);
CREATE TABLE app.orders (id int, customer_id int REFERENCES app.customers, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE app.orders_2025 PARTITION OF app.orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE app.orders_2026 PARTITION OF app.orders FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');

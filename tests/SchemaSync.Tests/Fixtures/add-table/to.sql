CREATE TABLE app.customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE app.orders (
    id serial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES app.customers (id) ON DELETE CASCADE,
    placed_at timestamptz NOT NULL DEFAULT now(),
    total numeric(12, 2) CHECK (total >= 0),
    note varchar(200)
);
CREATE INDEX orders_customer ON app.orders (customer_id, placed_at DESC);

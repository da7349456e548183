CREATE TABLE app.customers (id bigint PRIMARY KEY, name text NOT NULL);

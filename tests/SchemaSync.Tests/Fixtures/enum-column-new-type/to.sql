-- The column moves to a new enum that has every old label: default off, converted through text, default on again.
CREATE TYPE app.order_state AS ENUM ('new', 'paid');
CREATE TYPE app.order_status AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE app.orders (id int PRIMARY KEY, state app.order_status NOT NULL DEFAULT 'new');

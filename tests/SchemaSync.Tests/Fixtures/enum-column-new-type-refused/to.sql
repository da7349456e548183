-- The new enum lacks a label of the old one: refused, naming it, rather than failing at apply.
CREATE TYPE app.order_state AS ENUM ('new', 'paid', 'void');
CREATE TYPE app.order_status AS ENUM ('new', 'paid');
CREATE TABLE app.orders (id int PRIMARY KEY, state app.order_status NOT NULL DEFAULT 'new');

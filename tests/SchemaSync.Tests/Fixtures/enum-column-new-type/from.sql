CREATE TYPE app.order_state AS ENUM ('new', 'paid');
CREATE TABLE app.orders (id int PRIMARY KEY, state app.order_state NOT NULL DEFAULT 'new');
INSERT INTO app.orders SELECT g, CASE WHEN g % 2 = 0 THEN 'new' ELSE 'paid' END::app.order_state FROM generate_series(1, 100) g;

CREATE TYPE app.order_state AS ENUM ('new', 'paid', 'void');
CREATE TABLE app.orders (id int PRIMARY KEY, state app.order_state NOT NULL DEFAULT 'new');
INSERT INTO app.orders SELECT g, (ARRAY['new', 'paid', 'void'])[g % 3 + 1]::app.order_state FROM generate_series(1, 90) g;

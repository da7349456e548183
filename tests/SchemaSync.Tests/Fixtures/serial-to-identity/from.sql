CREATE TABLE app.orders (id serial PRIMARY KEY, note text);
INSERT INTO app.orders (note) SELECT 'order ' || g FROM generate_series(1, 120) g;
CREATE TABLE app.events (id bigserial PRIMARY KEY, at timestamptz);
INSERT INTO app.events (at) SELECT now() FROM generate_series(1, 40);

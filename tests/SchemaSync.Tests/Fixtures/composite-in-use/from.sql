CREATE TYPE app.address AS (street text, city text, zip integer);
CREATE TABLE app.customers (id int PRIMARY KEY, home app.address);
INSERT INTO app.customers SELECT g, ROW('street ' || g, 'Seoul', 1000 + g)::app.address FROM generate_series(1, 40) g;

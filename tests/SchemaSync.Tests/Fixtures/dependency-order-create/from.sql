CREATE TABLE app.customers (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO app.customers SELECT g, 'customer ' || g FROM generate_series(1, 50) g;
CREATE DOMAIN app.code AS text;
CREATE TABLE app.items (id int PRIMARY KEY, code app.code);
INSERT INTO app.items SELECT g, 'c' || g FROM generate_series(1, 50) g;

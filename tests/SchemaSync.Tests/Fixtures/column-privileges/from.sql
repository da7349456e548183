CREATE TABLE app.customers (id int PRIMARY KEY, name text, card_number text);
INSERT INTO app.customers SELECT g, 'c' || g, '4111' FROM generate_series(1, 10) g;
GRANT SELECT (id, name) ON app.customers TO fixture_reader;
GRANT SELECT, UPDATE ON app.customers TO fixture_writer;

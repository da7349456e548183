CREATE TABLE app.customers (id int PRIMARY KEY, name text, card_number text);
-- Column-level grants replace a table-level one, and change on another grantee.
GRANT SELECT (id, name), UPDATE (name) ON app.customers TO fixture_reader;
GRANT SELECT (id, name), UPDATE (name) ON app.customers TO fixture_writer;

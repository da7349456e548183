CREATE SCHEMA shop;
GRANT USAGE ON SCHEMA shop TO fixture_reader, fixture_writer;
CREATE TABLE shop.items (id int PRIMARY KEY, name text);
GRANT SELECT ON shop.items TO fixture_reader;
GRANT SELECT, INSERT, UPDATE, DELETE ON shop.items TO fixture_writer;
CREATE SEQUENCE shop.ids;
GRANT USAGE ON SEQUENCE shop.ids TO fixture_writer;
ALTER DEFAULT PRIVILEGES IN SCHEMA shop GRANT SELECT ON TABLES TO fixture_reader;

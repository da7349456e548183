CREATE SCHEMA shop;
CREATE TABLE shop.items (id int PRIMARY KEY, name text);
GRANT ALL ON shop.items TO fixture_writer;

CREATE SCHEMA shop;
GRANT USAGE ON SCHEMA shop TO fixture_reader;
CREATE TABLE shop.items (id int PRIMARY KEY, name text, price int);
INSERT INTO shop.items VALUES (1, 'pen', 2);
GRANT SELECT ON shop.items TO fixture_reader;
CREATE FUNCTION shop.total() RETURNS bigint LANGUAGE sql AS 'SELECT sum(price) FROM shop.items';

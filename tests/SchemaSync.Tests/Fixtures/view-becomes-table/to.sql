-- A materialized view becomes a table of the same name; the view over it is dropped first and recreated after.
CREATE TABLE app.orders (id int PRIMARY KEY, customer int NOT NULL, total numeric NOT NULL);
CREATE TABLE app.customer_totals (customer int PRIMARY KEY, total numeric NOT NULL);
CREATE VIEW app.big_customers AS SELECT customer FROM app.customer_totals WHERE total > 1000;

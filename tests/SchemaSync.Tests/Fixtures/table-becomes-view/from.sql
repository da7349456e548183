CREATE TABLE app.orders (id int PRIMARY KEY, customer int NOT NULL, total numeric NOT NULL);
INSERT INTO app.orders SELECT g, g % 7, g * 1.5 FROM generate_series(1, 100) g;
-- A summary kept by hand, with an index and a view over it.
CREATE TABLE app.customer_totals (customer int PRIMARY KEY, total numeric NOT NULL);
INSERT INTO app.customer_totals SELECT customer, sum(total) FROM app.orders GROUP BY customer;
CREATE VIEW app.big_customers AS SELECT customer FROM app.customer_totals WHERE total > 1000;

CREATE TABLE app.orders (id int PRIMARY KEY, customer int NOT NULL, total numeric NOT NULL);
INSERT INTO app.orders SELECT g, g % 7, g * 1.5 FROM generate_series(1, 100) g;
CREATE MATERIALIZED VIEW app.customer_totals AS SELECT customer, sum(total) AS total FROM app.orders GROUP BY customer;
CREATE VIEW app.big_customers AS SELECT customer FROM app.customer_totals WHERE total > 1000;

-- The summary becomes a view of the same name (its rows go: DeletesData); the view over it is recreated after.
CREATE TABLE app.orders (id int PRIMARY KEY, customer int NOT NULL, total numeric NOT NULL);
CREATE VIEW app.customer_totals AS SELECT customer, sum(total) AS total FROM app.orders GROUP BY customer;
CREATE VIEW app.big_customers AS SELECT customer FROM app.customer_totals WHERE total > 1000;

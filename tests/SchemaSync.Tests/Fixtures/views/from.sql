CREATE TABLE app.orders (id int PRIMARY KEY, amount int, status text);
CREATE VIEW app.big_orders AS SELECT id, amount FROM app.orders WHERE amount > 100;
CREATE VIEW app.big_order_count AS SELECT count(*) AS n FROM app.big_orders;
CREATE VIEW app.old_view AS SELECT 1 AS one;

CREATE TABLE app.orders (id int PRIMARY KEY, amount bigint, status text);
CREATE VIEW app.big_orders AS SELECT id, amount FROM app.orders WHERE amount > 100;
CREATE VIEW app.big_order_count AS SELECT count(*) AS n FROM app.big_orders;
CREATE VIEW app.open_orders AS SELECT id, status FROM app.orders WHERE status = 'open';

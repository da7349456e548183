CREATE TABLE app.sales (id int PRIMARY KEY, region text, amount int);
INSERT INTO app.sales VALUES (1, 'north', 10), (2, 'south', 20);
CREATE MATERIALIZED VIEW app.sales_by_region AS SELECT region, sum(amount) AS total FROM app.sales GROUP BY region;
CREATE UNIQUE INDEX sales_by_region_key ON app.sales_by_region (region);

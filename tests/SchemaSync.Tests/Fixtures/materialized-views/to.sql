CREATE TABLE app.sales (id int PRIMARY KEY, region text, amount int);
CREATE MATERIALIZED VIEW app.sales_by_region AS SELECT region, sum(amount) AS total, count(*) AS n FROM app.sales GROUP BY region;
CREATE UNIQUE INDEX sales_by_region_key ON app.sales_by_region (region);

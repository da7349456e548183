CREATE TABLE app.sales (id int PRIMARY KEY, region text, amount numeric);
CREATE MATERIALIZED VIEW app.sales_by_region AS SELECT region, sum(amount) AS total FROM app.sales GROUP BY region;
CREATE UNIQUE INDEX sales_by_region_region ON app.sales_by_region (region);
INSERT INTO app.sales SELECT g, 'region ' || (g % 5), g FROM generate_series(1, 100) g;

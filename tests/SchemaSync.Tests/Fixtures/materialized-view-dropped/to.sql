-- The materialized view is dropped: its index goes with it (dropping it afterwards would fail).
CREATE TABLE app.sales (id int PRIMARY KEY, region text, amount numeric);

-- Columns that hold NULL in some rows become NOT NULL: SET NOT NULL alone fails on those rows.
CREATE TABLE app.customers (id int PRIMARY KEY, name text, tier text, score int);
INSERT INTO app.customers SELECT g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'n' || g END, CASE WHEN g % 2 = 0 THEN NULL ELSE 'gold' END,
  CASE WHEN g % 5 = 0 THEN NULL ELSE g END FROM generate_series(1, 100) g;

-- Changed while a column uses it: an attribute dropped (its values go), one appended (NULL in existing rows).
CREATE TYPE app.address AS (street text, city text, country text);
CREATE TABLE app.customers (id int PRIMARY KEY, home app.address);

CREATE TYPE app.pair AS (a int, b int, c text);
CREATE TYPE app.address AS (street text, city text, zip varchar(10));
CREATE TABLE app.customers (id int PRIMARY KEY, home app.address);

CREATE TABLE app.products (id int PRIMARY KEY, name text);

CREATE TABLE app.customers (id int PRIMARY KEY, name text NOT NULL DEFAULT '', tier text NOT NULL DEFAULT 'basic', score int NOT NULL);

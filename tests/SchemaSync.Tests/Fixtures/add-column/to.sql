CREATE TABLE app.items (id int PRIMARY KEY, status text NOT NULL DEFAULT 'new', price numeric(10,2));

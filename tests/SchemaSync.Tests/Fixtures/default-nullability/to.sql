CREATE TABLE app.items (id int PRIMARY KEY, name text NOT NULL DEFAULT 'x', flag boolean, created timestamptz);

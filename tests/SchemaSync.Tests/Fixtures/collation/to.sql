CREATE TABLE app.people (id int PRIMARY KEY, name text COLLATE "C");

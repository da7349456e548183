CREATE TABLE app.items (id int PRIMARY KEY);

CREATE TABLE app.events (id int PRIMARY KEY, kind text);

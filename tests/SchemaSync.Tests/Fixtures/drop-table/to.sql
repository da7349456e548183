CREATE TABLE app.keep (id int PRIMARY KEY);

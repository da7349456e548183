CREATE TABLE app.items (id int PRIMARY KEY);
INSERT INTO app.items VALUES (1), (2);

CREATE TABLE app.items (id int PRIMARY KEY, title text);
INSERT INTO app.items VALUES (1, 'kept');

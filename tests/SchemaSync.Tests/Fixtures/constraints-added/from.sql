CREATE TABLE app.parents (id int PRIMARY KEY);
CREATE TABLE app.children (id int, parent_id int, qty int, code text);
INSERT INTO app.parents VALUES (1);
INSERT INTO app.children VALUES (1, 1, 5, 'a');

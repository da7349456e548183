CREATE TYPE app.mood AS ENUM ('sad', 'happy');
CREATE TABLE app.people (id int PRIMARY KEY, mood app.mood DEFAULT 'happy');
INSERT INTO app.people VALUES (1, 'sad');

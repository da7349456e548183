CREATE TYPE app.mood AS ENUM ('sad', 'happy');
CREATE TABLE app.people (id int PRIMARY KEY, mood app.mood);
INSERT INTO app.people VALUES (1, 'sad');

CREATE TYPE app.mood AS ENUM ('sad', 'meh', 'happy');
CREATE TABLE app.people (id int PRIMARY KEY, mood app.mood NOT NULL DEFAULT 'happy');
INSERT INTO app.people VALUES (1, 'sad'), (2, 'happy');

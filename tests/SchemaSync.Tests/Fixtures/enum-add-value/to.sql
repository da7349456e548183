CREATE TYPE app.mood AS ENUM ('angry', 'sad', 'ok', 'happy', 'ecstatic');
CREATE TABLE app.people (id int PRIMARY KEY, mood app.mood DEFAULT 'happy');

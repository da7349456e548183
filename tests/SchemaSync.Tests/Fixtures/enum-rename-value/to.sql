CREATE TYPE app.mood AS ENUM ('unhappy', 'happy');
CREATE TABLE app.people (id int PRIMARY KEY, mood app.mood);

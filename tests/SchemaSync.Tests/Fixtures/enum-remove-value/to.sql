CREATE TYPE app.mood AS ENUM ('happy', 'sad');
CREATE TABLE app.people (id int PRIMARY KEY, mood app.mood NOT NULL DEFAULT 'happy');

CREATE TYPE app."Mood ""Now""" AS ENUM ('happy', 'sad');
CREATE TABLE app.people (id int PRIMARY KEY, mood app."Mood ""Now""" NOT NULL DEFAULT 'happy');

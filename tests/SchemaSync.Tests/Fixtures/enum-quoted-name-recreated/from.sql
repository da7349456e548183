-- A type whose name needs quoting (mixed case, a space, a double quote) is recreated under its own name.
CREATE TYPE app."Mood ""Now""" AS ENUM ('sad', 'meh', 'happy');
CREATE TABLE app.people (id int PRIMARY KEY, mood app."Mood ""Now""" NOT NULL DEFAULT 'happy');
INSERT INTO app.people VALUES (1, 'sad'), (2, 'happy');

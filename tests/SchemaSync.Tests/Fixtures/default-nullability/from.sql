CREATE TABLE app.items (id int PRIMARY KEY, name text, flag boolean NOT NULL, created timestamptz DEFAULT now());
INSERT INTO app.items VALUES (1, 'a', true);

CREATE TABLE app.people (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO app.people SELECT g, 'Person ' || g FROM generate_series(1, 50) g;

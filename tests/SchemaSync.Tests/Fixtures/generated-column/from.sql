CREATE TABLE app.items (id int PRIMARY KEY, net numeric, gross numeric GENERATED ALWAYS AS (net * 1.1) STORED);
INSERT INTO app.items (id, net) VALUES (1, 10);

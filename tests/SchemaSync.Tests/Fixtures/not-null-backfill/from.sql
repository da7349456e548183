CREATE TABLE app.accounts (id int PRIMARY KEY, email text);
INSERT INTO app.accounts SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 200) g;

CREATE TABLE app.accounts (id int PRIMARY KEY, email text, region text, CONSTRAINT accounts_email_key UNIQUE (email, region));
INSERT INTO app.accounts SELECT g, 'user' || g || '@example.com', 'r' || (g % 3) FROM generate_series(1, 500) g;

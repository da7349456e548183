-- Added NOT NULL without a default: with rows, a plain ADD COLUMN ... NOT NULL fails.
CREATE TABLE app.accounts (id int PRIMARY KEY, email text, status text NOT NULL, logins int NOT NULL, verified boolean NOT NULL, joined date NOT NULL);

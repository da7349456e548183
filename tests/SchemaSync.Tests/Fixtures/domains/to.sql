CREATE DOMAIN app.email AS text COLLATE "C" NOT NULL CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%');
CREATE DOMAIN app.positive AS integer DEFAULT 1 CHECK (VALUE > 0);
CREATE TABLE app.users (id int PRIMARY KEY, email app.email, visits app.positive);

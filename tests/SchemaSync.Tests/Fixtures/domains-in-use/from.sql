CREATE DOMAIN app.email AS text CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%');
CREATE DOMAIN app.positive AS integer DEFAULT 1 CONSTRAINT positive_check CHECK (VALUE > 0);
CREATE TABLE app.users (id int PRIMARY KEY, email app.email, visits app.positive);
INSERT INTO app.users SELECT g, 'u' || g || '@example.com', g FROM generate_series(1, 100) g;

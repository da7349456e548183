-- Domains changed while columns use them: altered in place (ALTER DOMAIN), the rows checked, nothing rewritten.
CREATE DOMAIN app.email AS text NOT NULL CONSTRAINT email_has_at CHECK (VALUE LIKE '%_@_%');
CREATE DOMAIN app.positive AS integer DEFAULT 5 CONSTRAINT positive_check CHECK (VALUE > 0) CONSTRAINT below_a_million CHECK (VALUE < 1000000);
CREATE TABLE app.users (id int PRIMARY KEY, email app.email, visits app.positive);

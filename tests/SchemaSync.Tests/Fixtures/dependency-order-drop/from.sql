CREATE FUNCTION app.is_even(n integer) RETURNS boolean LANGUAGE sql IMMUTABLE RETURN n % 2 = 0;
CREATE DOMAIN app.even AS integer CONSTRAINT even_only CHECK (app.is_even(VALUE));
CREATE TABLE app.archive (id int PRIMARY KEY, slot app.even);
INSERT INTO app.archive SELECT g, g * 2 FROM generate_series(1, 50) g;
CREATE FUNCTION app.archive_label(a app.archive) RETURNS text LANGUAGE sql STABLE RETURN a.id::text;
CREATE FUNCTION app.archive_count() RETURNS bigint LANGUAGE sql STABLE RETURN (SELECT count(*) FROM app.archive);
CREATE TABLE app.kept (id int PRIMARY KEY);
INSERT INTO app.kept SELECT generate_series(1, 50);

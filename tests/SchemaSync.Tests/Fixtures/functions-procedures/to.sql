CREATE FUNCTION app.add(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + b + 0';
CREATE FUNCTION app.add(a bigint, b bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
CREATE FUNCTION app.kind() RETURNS text LANGUAGE sql AS 'SELECT ''x''';
CREATE TABLE app.audit (at timestamptz, what text);
CREATE PROCEDURE app.log_it(what text) LANGUAGE plpgsql AS $$ BEGIN INSERT INTO app.audit VALUES (now(), what); END $$;

CREATE TABLE app.items (id int PRIMARY KEY, net numeric, name text);
-- The result type changes: the function is dropped and created again, and every view using it (directly or
-- through another view) with it.
CREATE FUNCTION app.gross(net numeric) RETURNS double precision LANGUAGE sql IMMUTABLE AS 'SELECT (net * 1.1)::double precision';
-- The signature changes: a new function, the old one dropped after the view moved to the new one.
CREATE FUNCTION app.label(name text, prefix text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT prefix || upper(name)';
CREATE VIEW app.priced AS SELECT id, app.gross(net) AS gross FROM app.items;
CREATE VIEW app.labelled AS SELECT id, app.label(name, '#') AS label FROM app.items;
CREATE VIEW app.summary AS SELECT count(*) AS n, sum(gross) AS total FROM app.priced;

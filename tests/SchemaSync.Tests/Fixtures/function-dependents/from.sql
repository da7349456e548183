CREATE TABLE app.items (id int PRIMARY KEY, net numeric, name text);
INSERT INTO app.items SELECT g, g * 10, 'item ' || g FROM generate_series(1, 50) g;
CREATE FUNCTION app.gross(net numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT net * 1.1';
CREATE FUNCTION app.label(name text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT upper(name)';
CREATE VIEW app.priced AS SELECT id, app.gross(net) AS gross FROM app.items;
CREATE VIEW app.labelled AS SELECT id, app.label(name) AS label FROM app.items;
CREATE VIEW app.summary AS SELECT count(*) AS n, sum(gross) AS total FROM app.priced;

CREATE FUNCTION app.score(v integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT v * 2';
CREATE FUNCTION app.next_code() RETURNS text LANGUAGE sql AS $$SELECT 'C' || (random() * 1000)::int$$;
CREATE TABLE app.entries (
    id int PRIMARY KEY,
    v int CONSTRAINT v_scores CHECK (app.score(v) >= 0),
    code text DEFAULT app.next_code()
);
CREATE INDEX entries_score ON app.entries (app.score(v));
ALTER TABLE app.entries ENABLE ROW LEVEL SECURITY;
CREATE POLICY scored ON app.entries USING (app.score(v) >= 0);
INSERT INTO app.entries (id, v) SELECT g, g FROM generate_series(1, 60) g;

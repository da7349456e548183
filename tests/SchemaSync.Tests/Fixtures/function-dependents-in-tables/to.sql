-- Result types change: each function is dropped and created again, and the check, index, default and policy that
-- call it are dropped before and created again after.
CREATE FUNCTION app.score(v integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT v::bigint * 2';
CREATE FUNCTION app.next_code() RETURNS character varying LANGUAGE sql AS $$SELECT 'C' || (random() * 1000)::int$$;
CREATE TABLE app.entries (
    id int PRIMARY KEY,
    v int CONSTRAINT v_scores CHECK (app.score(v) >= 0),
    code text DEFAULT app.next_code()
);
CREATE INDEX entries_score ON app.entries (app.score(v));
ALTER TABLE app.entries ENABLE ROW LEVEL SECURITY;
CREATE POLICY scored ON app.entries USING (app.score(v) >= 0);

CREATE TABLE app.events (id int PRIMARY KEY, kind text, payload jsonb, at timestamptz, score int, email text);
CREATE INDEX events_old ON app.events (at);

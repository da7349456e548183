CREATE TABLE app.events (id int PRIMARY KEY, kind text);
CREATE INDEX events_kind ON app.events (kind);

CREATE TABLE app.events (id int PRIMARY KEY, kind text, payload jsonb, at timestamptz, score int, email text);
CREATE UNIQUE INDEX events_email ON app.events (lower(email));
CREATE INDEX events_kind_at ON app.events (kind, at DESC NULLS LAST);
CREATE INDEX events_recent ON app.events (at) WHERE kind = 'click';
CREATE INDEX events_payload ON app.events USING gin (payload);
CREATE INDEX events_kind_hash ON app.events USING hash (kind);
CREATE INDEX events_score_incl ON app.events (score) INCLUDE (kind);

CREATE TABLE app.events (id int PRIMARY KEY, kind text, at date);
INSERT INTO app.events SELECT g, 'k' || (g % 7), date '2026-01-01' + g FROM generate_series(1, 500) g;
CREATE INDEX events_kind ON app.events (kind);
CREATE INDEX "events by day" ON app.events (at);

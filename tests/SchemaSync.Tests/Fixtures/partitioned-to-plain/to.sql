-- Partitioning is undone: a plain table under the same name with every row of every partition (copied, swapped).
CREATE TABLE app.events (id bigint NOT NULL, at date NOT NULL, kind text NOT NULL);
CREATE INDEX events_at ON app.events (at);

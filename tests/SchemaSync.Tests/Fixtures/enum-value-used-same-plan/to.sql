-- A label is added and used in the same plan (a default and a partial index): ADD VALUE would make it unusable until
-- commit, so the type is replaced and its columns converted; the check, index and view that name it are rebuilt.
CREATE TYPE app.status AS ENUM ('new', 'active', 'done');
CREATE TABLE app.tasks (
    id int PRIMARY KEY,
    status app.status NOT NULL DEFAULT 'active',
    CONSTRAINT done_has_id CHECK (status <> 'done' OR id > 0)
);
CREATE INDEX open_tasks ON app.tasks (id) WHERE status = 'new';
CREATE INDEX active_tasks ON app.tasks (id) WHERE status = 'active';
CREATE VIEW app.open AS SELECT id FROM app.tasks WHERE status = 'new';

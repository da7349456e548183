CREATE TYPE app.status AS ENUM ('new', 'done');
CREATE TABLE app.tasks (
    id int PRIMARY KEY,
    status app.status NOT NULL DEFAULT 'new',
    CONSTRAINT done_has_id CHECK (status <> 'done' OR id > 0)
);
CREATE INDEX open_tasks ON app.tasks (id) WHERE status = 'new';
CREATE VIEW app.open AS SELECT id FROM app.tasks WHERE status = 'new';
INSERT INTO app.tasks SELECT g, CASE WHEN g % 3 = 0 THEN 'done'::app.status ELSE 'new' END FROM generate_series(1, 90) g;

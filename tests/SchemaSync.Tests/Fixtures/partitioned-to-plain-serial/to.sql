-- Partitioning given up: one plain table, the serial's sequence kept (it carries on from 121).
CREATE TABLE app.jobs (id serial, queued date NOT NULL, payload text);

-- A collation in use changes: PostgreSQL cannot drop it from under the column and index: refused, naming them.
CREATE COLLATION app.sorted (provider = libc, locale = 'POSIX');
CREATE TABLE app.tags (id int PRIMARY KEY, label text COLLATE app.sorted);
CREATE INDEX tags_label ON app.tags (label);

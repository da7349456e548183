CREATE COLLATION app.sorted (provider = libc, locale = 'C');
CREATE TABLE app.tags (id int PRIMARY KEY, label text COLLATE app.sorted);
CREATE INDEX tags_label ON app.tags (label);
INSERT INTO app.tags SELECT g, 'tag' || g FROM generate_series(1, 30) g;

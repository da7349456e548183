CREATE COLLATION app.sorted (provider = libc, locale = 'C');
CREATE COLLATION app.unused (provider = libc, locale = 'C');
CREATE COLLATION app.retired (provider = libc, locale = 'POSIX');
CREATE TABLE app.tags (id int PRIMARY KEY, label text COLLATE app.sorted);
INSERT INTO app.tags SELECT g, 'tag' || g FROM generate_series(1, 30) g;

-- An unused collation changes (dropped and created again), one is removed, the one in use stays.
CREATE COLLATION app.sorted (provider = libc, locale = 'C');
CREATE COLLATION app.unused (provider = libc, locale = 'POSIX');
CREATE TABLE app.tags (id int PRIMARY KEY, label text COLLATE app.sorted);

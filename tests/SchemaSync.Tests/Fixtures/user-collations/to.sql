-- A user-defined collation, created before the column and the index that use it.
CREATE COLLATION app.bytewise (provider = libc, locale = 'C');
CREATE TABLE app.people (id int PRIMARY KEY, name text COLLATE app.bytewise NOT NULL);
CREATE INDEX people_name ON app.people (name COLLATE app.bytewise);

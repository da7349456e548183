CREATE SCHEMA ext;
CREATE EXTENSION citext WITH SCHEMA ext;
CREATE TABLE app.users (id int PRIMARY KEY, email ext.citext);

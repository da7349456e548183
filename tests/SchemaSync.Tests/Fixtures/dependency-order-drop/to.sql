-- Dropped in the catalog's dependency order: the functions reading the table (body, row type argument) before the
-- table, the table before its domain, the domain before the function its check calls.
CREATE TABLE app.kept (id int PRIMARY KEY);

CREATE TABLE app.items (id int PRIMARY KEY, name text);
COMMENT ON TABLE app.items IS 'old';
COMMENT ON COLUMN app.items.name IS 'to be cleared';

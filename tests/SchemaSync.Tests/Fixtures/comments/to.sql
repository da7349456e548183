CREATE SCHEMA billing;
COMMENT ON SCHEMA billing IS 'Money things';
CREATE TABLE app.items (id int PRIMARY KEY, name text);
COMMENT ON TABLE app.items IS 'Things we sell, it''s true';
COMMENT ON COLUMN app.items.id IS 'Surrogate key';

CREATE TABLE app.items (id int PRIMARY KEY, name text, updated_at timestamptz);
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TRIGGER items_touch BEFORE INSERT OR UPDATE ON app.items FOR EACH ROW EXECUTE FUNCTION app.touch();
CREATE TRIGGER items_named BEFORE UPDATE OF name ON app.items FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION app.touch();

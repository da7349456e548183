CREATE TABLE app.items (id int PRIMARY KEY, name text NOT NULL, deleted boolean NOT NULL DEFAULT false);
INSERT INTO app.items SELECT g, 'item ' || g, false FROM generate_series(1, 50) g;
CREATE FUNCTION app.live_items_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE app.items SET deleted = true WHERE id = OLD.id; RETURN OLD; END $$;
CREATE VIEW app.live_items AS SELECT id, name FROM app.items WHERE NOT deleted;
CREATE TRIGGER live_items_delete INSTEAD OF DELETE ON app.live_items FOR EACH ROW EXECUTE FUNCTION app.live_items_delete();
CREATE VIEW app.all_items AS SELECT id FROM app.items;

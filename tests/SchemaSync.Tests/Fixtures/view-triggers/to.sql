-- The view with an INSTEAD OF trigger changes (recreated: the trigger is created again after it); another view gains
-- one, on a new function.
CREATE TABLE app.items (id int PRIMARY KEY, name text NOT NULL, deleted boolean NOT NULL DEFAULT false);
CREATE FUNCTION app.live_items_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE app.items SET deleted = true WHERE id = OLD.id; RETURN OLD; END $$;
CREATE VIEW app.live_items AS SELECT id, name, upper(name) AS shout FROM app.items WHERE NOT deleted;
CREATE TRIGGER live_items_delete INSTEAD OF DELETE ON app.live_items FOR EACH ROW EXECUTE FUNCTION app.live_items_delete();
CREATE FUNCTION app.all_items_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO app.items (id, name) VALUES (NEW.id, 'new'); RETURN NEW; END $$;
CREATE VIEW app.all_items AS SELECT id FROM app.items;
CREATE TRIGGER all_items_insert INSTEAD OF INSERT ON app.all_items FOR EACH ROW EXECUTE FUNCTION app.all_items_insert();

CREATE TABLE app.parents (id int PRIMARY KEY);
CREATE TABLE app.children (
    id int PRIMARY KEY,
    parent_id int REFERENCES app.parents (id) ON UPDATE CASCADE ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
    qty int CONSTRAINT qty_positive CHECK (qty > 0),
    code text UNIQUE
);

CREATE TABLE app.parents (id int PRIMARY KEY);
CREATE TABLE app.children (id int PRIMARY KEY, parent_id int REFERENCES app.parents (id) ON DELETE CASCADE, qty int CONSTRAINT qty_positive CHECK (qty >= 0), label text);

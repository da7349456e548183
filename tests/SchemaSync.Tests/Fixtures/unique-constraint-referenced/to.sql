-- The unique constraint a foreign key rests on becomes the primary key: the key is dropped first and added back after.
CREATE TABLE app.products (sku text PRIMARY KEY, name text);
CREATE TABLE app.stock (sku text REFERENCES app.products (sku), quantity int);

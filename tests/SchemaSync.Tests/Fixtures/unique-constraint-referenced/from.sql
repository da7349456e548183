CREATE TABLE app.products (sku text NOT NULL UNIQUE, name text);
CREATE TABLE app.stock (sku text REFERENCES app.products (sku), quantity int);
INSERT INTO app.products SELECT 'sku-' || g, 'product ' || g FROM generate_series(1, 100) g;
INSERT INTO app.stock SELECT 'sku-' || g, g FROM generate_series(1, 100, 2) g;

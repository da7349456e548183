-- Objects whose order the catalog's dependencies decide, not their kind: a domain whose check calls a new function
-- (types are otherwise created before functions), an existing domain gaining such a check, functions whose body
-- (a SQL-standard RETURN) reads a new table or whose argument is a new table's row type (functions are otherwise created
-- before tables).
CREATE TABLE app.customers (id int PRIMARY KEY, name text NOT NULL);
CREATE FUNCTION app.is_short(t text) RETURNS boolean LANGUAGE sql IMMUTABLE RETURN length(t) < 10;
CREATE DOMAIN app.code AS text CONSTRAINT code_short CHECK (app.is_short(VALUE));
CREATE TABLE app.items (id int PRIMARY KEY, code app.code);
CREATE FUNCTION app.is_positive(n integer) RETURNS boolean LANGUAGE sql IMMUTABLE RETURN n > 0;
CREATE DOMAIN app.quantity AS integer CONSTRAINT quantity_positive CHECK (app.is_positive(VALUE));
CREATE TABLE app.orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES app.customers, amount app.quantity NOT NULL);
CREATE FUNCTION app.order_count() RETURNS bigint LANGUAGE sql STABLE RETURN (SELECT count(*) FROM app.orders);
CREATE FUNCTION app.order_label(o app.orders) RETURNS text LANGUAGE sql STABLE RETURN o.id::text || 'x' || o.amount::text;

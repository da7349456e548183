CREATE TABLE app.items (id bigint PRIMARY KEY, quantity integer DEFAULT 1, code varchar(40));

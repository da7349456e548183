CREATE TABLE app.orders (id int, tenant int NOT NULL, total numeric, CONSTRAINT orders_pkey PRIMARY KEY (tenant, id));
INSERT INTO app.orders SELECT g, g % 11, g * 1.5 FROM generate_series(1, 400) g;
CREATE TABLE app.events (id bigint, region text, body text, CONSTRAINT events_pkey PRIMARY KEY (region, id));
INSERT INTO app.events SELECT g, 'r' || (g % 3), 'e' FROM generate_series(1, 400) g;

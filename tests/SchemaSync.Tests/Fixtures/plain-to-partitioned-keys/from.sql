CREATE TABLE app.tickets (id serial, at date NOT NULL, PRIMARY KEY (id, at));
CREATE TABLE app.audits (id bigint GENERATED ALWAYS AS IDENTITY, at date NOT NULL, note text);
CREATE TABLE app.replies (ticket_id int, ticket_at date, FOREIGN KEY (ticket_id, ticket_at) REFERENCES app.tickets);
INSERT INTO app.tickets (at) SELECT DATE '2025-01-01' + (g % 600) FROM generate_series(1, 200) g;
INSERT INTO app.audits (at, note) SELECT DATE '2025-01-01' + (g % 600), 'note ' || g FROM generate_series(1, 150) g;
INSERT INTO app.replies SELECT id, at FROM app.tickets WHERE id % 3 = 0;

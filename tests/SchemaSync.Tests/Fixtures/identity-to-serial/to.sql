CREATE TABLE app.tickets (id serial PRIMARY KEY, title text);
CREATE TABLE app.notes (id bigserial PRIMARY KEY, body text);

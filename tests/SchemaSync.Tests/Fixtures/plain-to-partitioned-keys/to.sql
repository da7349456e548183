-- Both tables become partitioned: a serial's sequence, an identity's counter and a referencing foreign key carry over.
CREATE TABLE app.tickets (id serial, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE app.tickets_2025 PARTITION OF app.tickets FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE app.tickets_2026 PARTITION OF app.tickets FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE app.audits (id bigint GENERATED ALWAYS AS IDENTITY, at date NOT NULL, note text) PARTITION BY RANGE (at);
CREATE TABLE app.audits_2025 PARTITION OF app.audits FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE app.audits_2026 PARTITION OF app.audits FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE app.replies (ticket_id int, ticket_at date, FOREIGN KEY (ticket_id, ticket_at) REFERENCES app.tickets);

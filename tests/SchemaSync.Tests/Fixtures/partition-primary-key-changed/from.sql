CREATE TABLE app.readings (id int, at date, code text, value numeric, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE app.readings_2024 PARTITION OF app.readings FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE app.events (id int, at date, note text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
INSERT INTO app.readings SELECT g, DATE '2024-01-01' + g, 'c' || g, g FROM generate_series(1, 50) g;
INSERT INTO app.events SELECT g, DATE '2024-01-01' + g, 'n' FROM generate_series(1, 50) g;

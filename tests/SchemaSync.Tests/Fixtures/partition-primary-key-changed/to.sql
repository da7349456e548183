-- A partitioned table's primary key changes from (id, at) to (code, at), another's is dropped: the columns that leave
-- the key may hold NULL again, on the partitions too (the key had made them NOT NULL everywhere).
CREATE TABLE app.readings (id int, at date, code text, value numeric, PRIMARY KEY (code, at)) PARTITION BY RANGE (at);
CREATE TABLE app.readings_2024 PARTITION OF app.readings FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE app.events (id int, at date, note text) PARTITION BY RANGE (at);
CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

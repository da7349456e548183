CREATE TABLE app.items (id int PRIMARY KEY, net numeric, gross numeric GENERATED ALWAYS AS (net * 1.2) STORED, tax numeric GENERATED ALWAYS AS (net * 0.2) STORED);

CREATE TABLE app.vehicles (id int PRIMARY KEY, wheels int NOT NULL);
CREATE TABLE app.cars (seats int) INHERITS (app.vehicles);
INSERT INTO app.cars SELECT g, 4, 5 FROM generate_series(1, 20) g;

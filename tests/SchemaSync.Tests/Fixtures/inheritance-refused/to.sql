CREATE TABLE app.vehicles (id int PRIMARY KEY, wheels int NOT NULL, maker text);
CREATE TABLE app.cars (seats int) INHERITS (app.vehicles);
CREATE TABLE app.bikes (bell boolean) INHERITS (app.vehicles);

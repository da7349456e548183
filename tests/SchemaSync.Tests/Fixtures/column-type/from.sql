CREATE TABLE app.items (id int PRIMARY KEY, quantity text DEFAULT '1', code varchar(10));
INSERT INTO app.items VALUES (1, '42', 'abc');

CREATE TABLE app.bookings (id int PRIMARY KEY, during tstzrange);

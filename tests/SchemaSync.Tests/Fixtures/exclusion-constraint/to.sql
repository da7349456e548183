CREATE TABLE app.bookings (id int PRIMARY KEY, during tstzrange, CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&));

CREATE TABLE public.bookings (id int PRIMARY KEY, during tstzrange);

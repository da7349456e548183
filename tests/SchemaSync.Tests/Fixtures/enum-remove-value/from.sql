CREATE TYPE public.mood AS ENUM ('sad', 'meh', 'happy');
CREATE TABLE public.people (id int PRIMARY KEY, mood public.mood NOT NULL DEFAULT 'happy');
INSERT INTO public.people VALUES (1, 'sad'), (2, 'happy');

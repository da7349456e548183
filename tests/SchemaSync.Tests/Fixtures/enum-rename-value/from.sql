CREATE TYPE public.mood AS ENUM ('sad', 'happy');
CREATE TABLE public.people (id int PRIMARY KEY, mood public.mood);
INSERT INTO public.people VALUES (1, 'sad');

CREATE TYPE public.mood AS ENUM ('unhappy', 'happy');
CREATE TABLE public.people (id int PRIMARY KEY, mood public.mood);

CREATE TYPE public.mood AS ENUM ('angry', 'sad', 'ok', 'happy', 'ecstatic');
CREATE TABLE public.people (id int PRIMARY KEY, mood public.mood DEFAULT 'happy');

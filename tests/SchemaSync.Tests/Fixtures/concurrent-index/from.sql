CREATE TABLE public.events (id int PRIMARY KEY, kind text);

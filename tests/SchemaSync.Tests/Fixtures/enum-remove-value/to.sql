CREATE TYPE public.mood AS ENUM ('happy', 'sad');
CREATE TABLE public.people (id int PRIMARY KEY, mood public.mood NOT NULL DEFAULT 'happy');

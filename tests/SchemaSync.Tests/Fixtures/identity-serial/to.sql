CREATE TABLE public.a (id int GENERATED ALWAYS AS IDENTITY, note text);
CREATE TABLE public.b (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
CREATE TABLE public.c (id int PRIMARY KEY);
CREATE TABLE public.d (id bigserial PRIMARY KEY, name text);

CREATE TABLE public.items (id int PRIMARY KEY);
INSERT INTO public.items VALUES (1), (2);

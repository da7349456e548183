CREATE TABLE public.items (id int PRIMARY KEY, title text);
INSERT INTO public.items VALUES (1, 'kept');

CREATE TABLE public.items (id int PRIMARY KEY, name text, flag boolean NOT NULL, created timestamptz DEFAULT now());
INSERT INTO public.items VALUES (1, 'a', true);

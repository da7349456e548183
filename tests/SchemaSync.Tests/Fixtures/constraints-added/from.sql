CREATE TABLE public.parents (id int PRIMARY KEY);
CREATE TABLE public.children (id int, parent_id int, qty int, code text);
INSERT INTO public.parents VALUES (1);
INSERT INTO public.children VALUES (1, 1, 5, 'a');

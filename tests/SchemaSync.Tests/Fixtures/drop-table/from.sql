CREATE TABLE public.keep (id int PRIMARY KEY);
CREATE TABLE public.legacy (id int PRIMARY KEY, keep_id int REFERENCES public.keep (id));

CREATE TABLE public.items (id int PRIMARY KEY, quantity text DEFAULT '1', code varchar(10));
INSERT INTO public.items VALUES (1, '42', 'abc');

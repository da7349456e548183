CREATE TABLE public.items (id bigint PRIMARY KEY, quantity integer DEFAULT 1, code varchar(40));

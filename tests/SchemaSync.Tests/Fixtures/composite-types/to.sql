CREATE TYPE public.pair AS (a int, b int, c text);
CREATE TYPE public.address AS (street text, city text, zip varchar(10));
CREATE TABLE public.customers (id int PRIMARY KEY, home public.address);

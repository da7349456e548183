CREATE TABLE public.orders (id int PRIMARY KEY, amount int, status text);
CREATE VIEW public.big_orders AS SELECT id, amount FROM public.orders WHERE amount > 100;
CREATE VIEW public.big_order_count AS SELECT count(*) AS n FROM public.big_orders;
CREATE VIEW public.old_view AS SELECT 1 AS one;

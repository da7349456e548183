CREATE TABLE public.orders (id int PRIMARY KEY, amount bigint, status text);
CREATE VIEW public.big_orders AS SELECT id, amount FROM public.orders WHERE amount > 100;
CREATE VIEW public.big_order_count AS SELECT count(*) AS n FROM public.big_orders;
CREATE VIEW public.open_orders AS SELECT id, status FROM public.orders WHERE status = 'open';

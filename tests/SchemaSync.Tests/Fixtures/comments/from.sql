CREATE TABLE public.items (id int PRIMARY KEY, name text);
COMMENT ON TABLE public.items IS 'old';
COMMENT ON COLUMN public.items.name IS 'to be cleared';

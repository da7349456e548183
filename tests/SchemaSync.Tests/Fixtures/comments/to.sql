CREATE SCHEMA billing;
COMMENT ON SCHEMA billing IS 'Money things';
CREATE TABLE public.items (id int PRIMARY KEY, name text);
COMMENT ON TABLE public.items IS 'Things we sell, it''s true';
COMMENT ON COLUMN public.items.id IS 'Surrogate key';

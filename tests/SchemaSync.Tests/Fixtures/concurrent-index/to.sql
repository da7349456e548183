CREATE TABLE public.events (id int PRIMARY KEY, kind text);
CREATE INDEX events_kind ON public.events (kind);

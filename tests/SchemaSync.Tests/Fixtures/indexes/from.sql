CREATE TABLE public.events (id int PRIMARY KEY, kind text, payload jsonb, at timestamptz, score int, email text);
CREATE INDEX events_old ON public.events (at);

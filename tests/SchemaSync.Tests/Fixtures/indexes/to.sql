CREATE TABLE public.events (id int PRIMARY KEY, kind text, payload jsonb, at timestamptz, score int, email text);
CREATE UNIQUE INDEX events_email ON public.events (lower(email));
CREATE INDEX events_kind_at ON public.events (kind, at DESC NULLS LAST);
CREATE INDEX events_recent ON public.events (at) WHERE kind = 'click';
CREATE INDEX events_payload ON public.events USING gin (payload);
CREATE INDEX events_kind_hash ON public.events USING hash (kind);
CREATE INDEX events_score_incl ON public.events (score) INCLUDE (kind);

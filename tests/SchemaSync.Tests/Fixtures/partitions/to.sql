CREATE TABLE public.measurements (id bigint, at date NOT NULL, value numeric) PARTITION BY RANGE (at);
CREATE TABLE public.measurements_2025 PARTITION OF public.measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE public.measurements_2026 PARTITION OF public.measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX measurements_at ON public.measurements (at);
CREATE TABLE public.logs (id bigint, kind text NOT NULL, line text) PARTITION BY LIST (kind);
CREATE TABLE public.logs_web PARTITION OF public.logs FOR VALUES IN ('web');
CREATE TABLE public.logs_other PARTITION OF public.logs DEFAULT;

CREATE DOMAIN public.email AS text COLLATE "C" NOT NULL CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%');
CREATE DOMAIN public.positive AS integer DEFAULT 1 CHECK (VALUE > 0);
CREATE TABLE public.users (id int PRIMARY KEY, email public.email, visits public.positive);

CREATE FUNCTION public.add(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + b + 0';
CREATE FUNCTION public.add(a bigint, b bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
CREATE FUNCTION public.kind() RETURNS text LANGUAGE sql AS 'SELECT ''x''';
CREATE TABLE public.audit (at timestamptz, what text);
CREATE PROCEDURE public.log_it(what text) LANGUAGE plpgsql AS $$ BEGIN INSERT INTO public.audit VALUES (now(), what); END $$;

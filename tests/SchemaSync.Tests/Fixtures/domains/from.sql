CREATE DOMAIN public.old_code AS text;

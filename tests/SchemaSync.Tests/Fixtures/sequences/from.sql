CREATE SEQUENCE public.invoice_numbers START 1000;
SELECT nextval('public.invoice_numbers'), nextval('public.invoice_numbers');
CREATE SEQUENCE public.unused;

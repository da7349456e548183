SELECT nextval('public.invoice_numbers') = 1011

SELECT nextval('app.invoice_numbers') = 1011

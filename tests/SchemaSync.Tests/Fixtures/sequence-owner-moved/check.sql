SELECT nextval('app.invoice_numbers') = 501 AND (SELECT count(*) FROM app.invoices) = 100

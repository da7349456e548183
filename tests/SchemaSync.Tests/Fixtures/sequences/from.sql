CREATE SEQUENCE app.invoice_numbers START 1000;
SELECT nextval('app.invoice_numbers'), nextval('app.invoice_numbers');
CREATE SEQUENCE app.unused;

CREATE TABLE app.invoices (id int PRIMARY KEY, legacy_number int);
CREATE SEQUENCE app.invoice_numbers OWNED BY app.invoices.legacy_number;
SELECT setval('app.invoice_numbers', 500);
INSERT INTO app.invoices SELECT g, g FROM generate_series(1, 100) g;

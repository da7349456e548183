-- The sequence's owner column is replaced: ownership passes before the old column is dropped (which would drop it).
CREATE TABLE app.invoices (id int PRIMARY KEY, number int);
CREATE SEQUENCE app.invoice_numbers OWNED BY app.invoices.number;

SELECT count(*) = 40 AND bool_and((home).street LIKE 'street %' AND (home).country IS NULL) FROM app.customers

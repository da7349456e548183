SELECT (SELECT count(*) FROM app.items) = 50 AND (SELECT count(*) FROM app.customers) = 50

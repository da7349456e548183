SELECT (SELECT count(*) FROM app.orders) = 300 AND (SELECT count(*) FROM app.customers) = 50

SELECT (SELECT count(*) FROM app.orders) = 100

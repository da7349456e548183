SELECT (SELECT count(*) FROM app.orders) = 100 AND (SELECT count(*) FROM app.customer_totals) = 7

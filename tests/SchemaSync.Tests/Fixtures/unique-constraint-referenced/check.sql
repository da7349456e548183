SELECT (SELECT count(*) FROM app.stock) = 50 AND (SELECT count(*) FROM app.products) = 100

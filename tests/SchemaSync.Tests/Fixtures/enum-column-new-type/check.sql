SELECT count(*) FILTER (WHERE state = 'paid') = 50 AND count(*) = 100 FROM app.orders

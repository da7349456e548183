SELECT count(*) = 2 AND bool_and(status = 'new') FROM app.items

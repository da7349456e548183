SELECT count(*) = 100 AND bool_and(unit = 'ms') FROM app.metrics

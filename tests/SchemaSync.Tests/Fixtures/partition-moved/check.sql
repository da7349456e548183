SELECT (SELECT count(*) FROM app.archive) + (SELECT count(*) FROM app.readings) = 300 AND (SELECT count(*) FROM app.archive) > 0

SELECT (SELECT count(*) FROM app.readings) = 80 AND (SELECT count(*) FROM app.readings_2024) = 100

SELECT count(*) = 30 FROM app.tags

SELECT count(*) = 50 FROM app.items

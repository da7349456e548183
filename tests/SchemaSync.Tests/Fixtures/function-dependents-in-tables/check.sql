SELECT count(*) = 60 FROM app.entries

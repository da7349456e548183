SELECT count(*) = 50 FROM app.people

SELECT count(*) = 300 FROM app.events

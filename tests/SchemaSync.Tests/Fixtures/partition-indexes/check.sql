SELECT count(*) = 500 FROM app.events_2025

SELECT (SELECT count(*) FROM app.events) = 150 AND (SELECT count(*) FROM app.events_2024) = 73 AND (SELECT count(*) FROM app.recent_events) > 0

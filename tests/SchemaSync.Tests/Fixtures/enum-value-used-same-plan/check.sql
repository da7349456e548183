SELECT count(*) FILTER (WHERE status = 'done') = 30 AND count(*) = 90 AND (SELECT count(*) FROM app.open) = 60 FROM app.tasks

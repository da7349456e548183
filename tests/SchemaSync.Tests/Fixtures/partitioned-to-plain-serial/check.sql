SELECT (SELECT count(*) FROM app.jobs) = 120 AND nextval('app.jobs_id_seq') = 121

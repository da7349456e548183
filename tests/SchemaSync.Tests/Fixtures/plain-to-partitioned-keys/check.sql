WITH added AS (INSERT INTO app.audits (at) VALUES (DATE '2025-06-01') RETURNING id)
SELECT (SELECT count(*) FROM app.tickets) = 200 AND (SELECT count(*) FROM app.audits) = 150 AND (SELECT count(*) FROM app.replies) = 66
  AND nextval('app.tickets_id_seq') = 201 AND (SELECT id FROM added) = 151

SELECT (SELECT count(*) FROM app.readings) = 50 AND (SELECT count(*) FROM app.events) = 50
  AND NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attnotnull AND (attrelid, attname) IN (('app.readings_2024'::regclass, 'id'),
      ('app.events_2024'::regclass, 'id'), ('app.events_2024'::regclass, 'at')))

SELECT (SELECT count(*) FROM app.orders) = 400 AND (SELECT count(*) FROM app.events) = 400
   AND (SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'orders_pkey') = 'PRIMARY KEY (tenant, id)'
   AND (SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'events_pkey') = 'PRIMARY KEY (region, id)'
   AND NOT EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE '%schema_sync_new')

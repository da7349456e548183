SELECT (SELECT count(*) FROM app.accounts) = 500
   AND (SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'accounts_email_key') = 'UNIQUE (email, region)'
   AND NOT EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE '%schema_sync_new')

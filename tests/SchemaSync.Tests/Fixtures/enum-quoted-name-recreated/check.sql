SELECT string_agg(mood::text, ',' ORDER BY id) = 'sad,happy' AND NOT EXISTS (SELECT 1 FROM pg_type WHERE typname LIKE '%replaced%') FROM app.people

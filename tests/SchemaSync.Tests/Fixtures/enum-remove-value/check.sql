SELECT string_agg(mood::text, ',' ORDER BY id) = 'sad,happy' FROM app.people

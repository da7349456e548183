SELECT NOT has_column_privilege('fixture_writer', 'app.customers', 'card_number', 'SELECT') AND has_column_privilege('fixture_reader', 'app.customers', 'name', 'UPDATE')

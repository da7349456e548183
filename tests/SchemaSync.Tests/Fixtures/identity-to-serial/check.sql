SELECT nextval(pg_get_serial_sequence('app.tickets', 'id')) = 76
   AND nextval(pg_get_serial_sequence('app.notes', 'id')) = 31
   AND (SELECT count(*) FROM app.tickets) = 75

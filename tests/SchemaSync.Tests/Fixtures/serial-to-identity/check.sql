SELECT nextval(pg_get_serial_sequence('app.orders', 'id')) = 121
   AND nextval(pg_get_serial_sequence('app.events', 'id')) = 41
   AND (SELECT count(*) FROM app.orders) = 120

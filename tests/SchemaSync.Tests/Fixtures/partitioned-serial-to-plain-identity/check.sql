SELECT count(*) = 40 AND max(id) = 40 AND nextval(pg_get_serial_sequence('app.orders', 'id')) = 41 FROM app.orders

SELECT count(*) = 100 FROM app.sales

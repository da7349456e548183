SELECT count(*) = 2 FROM app.sales_by_region

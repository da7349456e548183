SELECT count(*) = 2 FROM public.sales_by_region

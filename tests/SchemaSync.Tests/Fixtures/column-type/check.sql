SELECT quantity = 42 AND code = 'abc' FROM public.items WHERE id = 1

SELECT name = 'kept' FROM public.products WHERE id = 1

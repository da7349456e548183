SELECT mood = 'unhappy' FROM public.people

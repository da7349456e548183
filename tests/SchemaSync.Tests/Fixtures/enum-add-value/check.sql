SELECT mood = 'sad' FROM public.people

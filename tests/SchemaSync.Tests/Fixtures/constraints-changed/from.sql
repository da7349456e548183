CREATE TABLE public.parents (id int PRIMARY KEY);
CREATE TABLE public.children (id int PRIMARY KEY, parent_id int REFERENCES public.parents (id), qty int CONSTRAINT qty_positive CHECK (qty > 0), label text CONSTRAINT label_unique UNIQUE);

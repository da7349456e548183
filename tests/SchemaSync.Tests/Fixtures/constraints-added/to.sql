CREATE TABLE public.parents (id int PRIMARY KEY);
CREATE TABLE public.children (
    id int PRIMARY KEY,
    parent_id int REFERENCES public.parents (id) ON UPDATE CASCADE ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
    qty int CONSTRAINT qty_positive CHECK (qty > 0),
    code text UNIQUE
);

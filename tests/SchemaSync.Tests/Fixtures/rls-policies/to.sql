CREATE TABLE public.documents (id int PRIMARY KEY, owner text, body text);
ALTER TABLE public.documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.documents FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_reads ON public.documents FOR SELECT TO PUBLIC USING (owner = current_user);
CREATE POLICY owner_writes ON public.documents AS RESTRICTIVE FOR INSERT WITH CHECK (owner = current_user);

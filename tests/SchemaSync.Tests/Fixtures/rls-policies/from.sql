CREATE TABLE public.documents (id int PRIMARY KEY, owner text, body text);
CREATE POLICY old_policy ON public.documents FOR SELECT USING (true);

CREATE TABLE app.documents (id int PRIMARY KEY, owner text, body text);
ALTER TABLE app.documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.documents FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_reads ON app.documents FOR SELECT TO PUBLIC USING (owner = current_user);
CREATE POLICY owner_writes ON app.documents AS RESTRICTIVE FOR INSERT WITH CHECK (owner = current_user);

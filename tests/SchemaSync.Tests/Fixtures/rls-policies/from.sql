CREATE TABLE app.documents (id int PRIMARY KEY, owner text, body text);
CREATE POLICY old_policy ON app.documents FOR SELECT USING (true);

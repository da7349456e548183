CREATE TABLE app.keep (id int PRIMARY KEY);
CREATE TABLE app.legacy (id int PRIMARY KEY, keep_id int REFERENCES app.keep (id));

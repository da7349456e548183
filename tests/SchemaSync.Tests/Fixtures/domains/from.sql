CREATE DOMAIN app.old_code AS text;

DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fixture_reader') THEN CREATE ROLE fixture_reader NOLOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fixture_writer') THEN CREATE ROLE fixture_writer NOLOGIN; END IF;
END $$;

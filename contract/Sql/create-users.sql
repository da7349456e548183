-- Creates the IAM-authenticated database users of an environment, idempotently.
-- Runs as the instance's master user (on RDS a member of rds_superuser, not a superuser), connected to the
-- application database {{database}}. Safe to run on every deploy: each statement converges to the same state.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'schema_sync') THEN
    CREATE ROLE schema_sync LOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app') THEN
    CREATE ROLE app LOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'schema_plan') THEN
    CREATE ROLE schema_plan LOGIN;
  END IF;
END
$$;

-- Only IAM tokens sign these users in: rds_iam turns password authentication off for them.
GRANT rds_iam TO schema_sync, app, schema_plan;
-- The master user acts for schema_sync below (schema ownership, default privileges); on PostgreSQL 16+
-- creating a role no longer makes its creator a member.
GRANT schema_sync TO CURRENT_USER;

-- Nobody connects or creates temporary tables by default; each user gets what it needs.
REVOKE ALL ON DATABASE {{database}} FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE {{database}} TO app;
-- CREATE: schema-sync manages schemas (extensions and further schemas come from DEV's schema).
GRANT CONNECT, CREATE, TEMPORARY ON DATABASE {{database}} TO schema_sync;
-- schema_plan (the plan-only function) reads the catalog, which every user may; it gets no CREATE anywhere.
GRANT CONNECT ON DATABASE {{database}} TO schema_plan;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- schema_sync owns the application schema and what is in it: on RDS only an owner may ALTER or DROP.
CREATE SCHEMA IF NOT EXISTS app AUTHORIZATION schema_sync;
ALTER SCHEMA app OWNER TO schema_sync;
GRANT USAGE ON SCHEMA app TO app;
-- USAGE lets schema_plan resolve the names it inspects; without SELECT it reads no row.
GRANT USAGE ON SCHEMA app TO schema_plan;

-- The application reads and writes data; it never changes the schema.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA app TO app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA app TO app;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA app TO app;
ALTER DEFAULT PRIVILEGES FOR ROLE schema_sync IN SCHEMA app GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO app;
ALTER DEFAULT PRIVILEGES FOR ROLE schema_sync IN SCHEMA app GRANT USAGE, SELECT ON SEQUENCES TO app;
ALTER DEFAULT PRIVILEGES FOR ROLE schema_sync IN SCHEMA app GRANT EXECUTE ON FUNCTIONS TO app;

ALTER ROLE app SET search_path = app;
ALTER ROLE schema_sync SET search_path = app;
ALTER ROLE schema_plan SET search_path = app;
-- Even a statement it could run would run read-only.
ALTER ROLE schema_plan SET default_transaction_read_only = on;

-- The journal of applied revisions (written by schema_sync inside each apply): schema_plan reads it for status.
CREATE SCHEMA IF NOT EXISTS schema_sync AUTHORIZATION schema_sync;
GRANT USAGE ON SCHEMA schema_sync TO schema_plan;
GRANT SELECT ON ALL TABLES IN SCHEMA schema_sync TO schema_plan;
ALTER DEFAULT PRIVILEGES FOR ROLE schema_sync IN SCHEMA schema_sync GRANT SELECT ON TABLES TO schema_plan;

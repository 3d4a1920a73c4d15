-- Flyway callback: runs after every successful migrate, even when nothing was pending, so the
-- grants always cover every table and sequence of the current schema. Idempotent.
-- DML only: SELECT/INSERT/UPDATE/DELETE on tables, USAGE/SELECT on sequences, no CREATE on the
-- schema, no ownership (so no ALTER/DROP/TRUNCATE). The app role may read the schema history
-- (the boot-time schema version check) but not write it.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${appRole}') THEN
        CREATE ROLE ${appRole} LOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;

DO $$
BEGIN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), '${appRole}');
END
$$;

GRANT USAGE ON SCHEMA public TO ${appRole};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${appRole};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${appRole};

-- Tables and sequences the migrating role creates later are covered without another GRANT.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${appRole};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${appRole};

REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${flyway:table} FROM ${appRole};

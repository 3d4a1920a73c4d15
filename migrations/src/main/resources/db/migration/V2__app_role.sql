-- The least-privilege application role that web, workers and the scheduler connect as
-- (DATABASE_URL). It may read and write rows but never change the schema: only the migrations
-- proctype, connected with MIGRATION_DATABASE_URL, runs DDL.
--
-- ${appRole} is APP_DATABASE_ROLE (default deckhand_app), validated as a lowercase SQL identifier.
-- Roles belong to the whole server, not one database: creation is idempotent and tolerates a
-- concurrent creation by a migration of another database on the same server. No password is set
-- here; operators set it, or APP_DATABASE_PASSWORD makes the migrations proctype set it.
-- The grants themselves are in afterMigrate__app_role_grants.sql so that they are re-applied
-- after every run and cover tables added by later migrations, whoever created them.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${appRole}') THEN
        CREATE ROLE ${appRole} LOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;

-- Nobody but the schema owner creates objects in public (PostgreSQL 15+ already defaults to this).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

package dev.deckhand.config;

import static dev.deckhand.config.SettingDefinition.Kind.PLAIN;
import static dev.deckhand.config.SettingDefinition.Kind.SECRET;
import static dev.deckhand.config.SettingDefinition.Kind.URL_WITH_CREDENTIALS;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every per-deploy variable Deckhand reads. Defaults live in the layer files under
 * {@code deckhand/settings/}; this list says what each variable means and how it is checked.
 * The README's variable table is checked against this list by a test.
 */
public final class SettingsCatalog {

    private static final Set<String> ALL_ENVS = SettingsLoader.ENVIRONMENTS;
    private static final Set<String> DEPLOYED = Set.of("staging", "production");
    private static final Set<String> NONE = Set.of();

    private static final List<SettingDefinition> ALL = List.of(
            def("DECKHAND_ENV", "Environment layer: local (default), test, staging or production", PLAIN, NONE,
                    ValueChecks.oneOf("local", "test", "staging", "production")),
            def("DOTENV", "Name of an extra dotenv layer, .env.$DOTENV", PLAIN, NONE, SettingDefinition.ValueCheck.NONE),
            def("PROJECT_ROOT", "Base directory for dotenv files and relative paths (default: working directory)",
                    PLAIN, NONE, SettingDefinition.ValueCheck.NONE),
            def("PORT", "HTTP port of this proctype (API on web; health and metrics elsewhere)", PLAIN, ALL_ENVS,
                    ValueChecks.integer(1, 65535)),
            def("DATABASE_URL", "PostgreSQL URL for the least-privilege app role, postgres://user:pass@host:5432/db?sslmode=require",
                    URL_WITH_CREDENTIALS, ALL_ENVS, ValueChecks.databaseUrl()),
            def("DATABASE_POOL_SIZE", "Maximum JDBC connections per process", PLAIN, ALL_ENVS, ValueChecks.integer(1, 200)),
            def("MIGRATION_DATABASE_URL", "PostgreSQL URL with DDL rights, used only by the migrations proctype "
                    + "(default: DATABASE_URL in local/test)", URL_WITH_CREDENTIALS, NONE, ValueChecks.databaseUrl()),
            def("APP_DATABASE_ROLE", "Name of the least-privilege role migrations grant DML to", PLAIN, NONE,
                    (v, all) -> v.matches("[a-z_][a-z0-9_]{0,62}") ? Optional.empty()
                            : Optional.of("expected a lowercase SQL identifier (got '" + v + "')")),
            def("APP_DATABASE_PASSWORD", "Optional: when set, migrations give APP_DATABASE_ROLE LOGIN with this password "
                    + "(else operators set it)", SECRET, NONE, SettingDefinition.ValueCheck.NONE),
            def("REDIS_URL", "Redis URL for the job queue and live events, redis:// or rediss://", URL_WITH_CREDENTIALS,
                    ALL_ENVS, ValueChecks.redisUrl()),
            def("SECRET_KEY", "Signs sessions, CSRF tokens and API tokens; 32+ random characters in staging/production",
                    SECRET, ALL_ENVS, ValueChecks.secretKey()),
            def("DB_ENCRYPTION_KEY", "Base64 AES-256 keys, comma-separated, first encrypts; encrypts account tokens at rest",
                    SECRET, ALL_ENVS, ValueChecks.encryptionKeys()),
            def("ALLOWED_HOSTS", "Comma-separated host names the web tier answers to", PLAIN, DEPLOYED,
                    ValueChecks.allowedHosts()),
            def("ADMIN_API_ALLOWED_SUBNETS", "CIDRs (IPv4/IPv6) allowed to reach the admin API and UI", PLAIN, NONE,
                    ValueChecks.cidrList()),
            def("TRUSTED_PROXIES", "CIDRs of reverse proxies whose X-Forwarded-*/Forwarded headers are believed",
                    PLAIN, NONE, ValueChecks.cidrList()),
            def("FORWARDED_HEADER", "The one header TRUSTED_PROXIES write: x-forwarded-for (X-Forwarded-For/-Proto/-Host/-Port) "
                    + "or forwarded (RFC 7239); the other is ignored", PLAIN, NONE,
                    ValueChecks.oneOf("x-forwarded-for", "forwarded")),
            def("DEBUG", "Verbose errors and debug endpoints; refused in production", PLAIN, NONE, ValueChecks.debug()),
            def("LOG_LEVEL", "Root log level", PLAIN, NONE, ValueChecks.oneOf("TRACE", "DEBUG", "INFO", "WARN", "ERROR")),
            def("LOG_LEVELS", "Per-logger levels, e.g. dev.deckhand.jobqueue=DEBUG,io.netty=WARN", PLAIN, NONE,
                    (v, all) -> v.isBlank() || v.matches("([\\w.$-]+=(TRACE|DEBUG|INFO|WARN|ERROR|OFF))(,[\\w.$-]+=(TRACE|DEBUG|INFO|WARN|ERROR|OFF))*")
                            ? Optional.empty() : Optional.of("expected logger=LEVEL pairs separated by commas")),
            def("LOG_FORMAT", "json (one event per line) or text", PLAIN, NONE, ValueChecks.oneOf("json", "text")),
            def("WORKER_QUEUES", "Queues this worker consumes with concurrency, e.g. default=10,short=20", PLAIN, NONE,
                    ValueChecks.queueList()),
            def("JOB_VISIBILITY_TIMEOUT_SECONDS", "A job whose worker stops heartbeating is re-delivered after this",
                    PLAIN, NONE, ValueChecks.integer(5, 3600)),
            def("JOB_DRAIN_TIMEOUT_SECONDS", "On SIGTERM, time running jobs get to finish before being handed back "
                    + "(keep below the platform grace period)", PLAIN, NONE, ValueChecks.integer(0, 3600)),
            def("MAX_QUEUE_LENGTH", "Web answers 503 with Retry-After when a queue is deeper than this", PLAIN, NONE,
                    ValueChecks.integer(1, 10_000_000)),
            def("TOKEN_LIFETIME_MINUTES", "Account credentials unused this long are deleted and revoked", PLAIN, NONE,
                    ValueChecks.integer(1, 1440)),
            def("PREFLIGHT_LIFETIME_MINUTES", "A preflight result expires after this", PLAIN, NONE,
                    ValueChecks.integer(1, 1440)),
            def("CRON_SCHEDULE", "JSON overriding built-in schedules by name; null disables one", PLAIN, NONE,
                    ValueChecks.json()),
            def("OAUTH_ISSUER_URL", "OIDC issuer for discovery of the endpoints below", PLAIN, NONE, ValueChecks.httpUrl()),
            def("OAUTH_AUTHORIZATION_URL", "Authorization endpoint (overrides discovery)", PLAIN, NONE, ValueChecks.httpUrl()),
            def("OAUTH_TOKEN_URL", "Token endpoint (overrides discovery)", PLAIN, NONE, ValueChecks.httpUrl()),
            def("OAUTH_REVOCATION_URL", "RFC 7009 revocation endpoint (overrides discovery)", PLAIN, NONE,
                    ValueChecks.httpUrl()),
            def("OAUTH_CLIENT_ID", "OAuth2 client id", PLAIN, NONE, SettingDefinition.ValueCheck.NONE),
            def("OAUTH_CLIENT_SECRET", "OAuth2 client secret", SECRET, NONE, SettingDefinition.ValueCheck.NONE),
            def("OAUTH_SCOPES", "Space-separated scopes requested when connecting an account", PLAIN, NONE,
                    SettingDefinition.ValueCheck.NONE),
            def("OAUTH_API_BASE_URL", "Base URL of the connected account's API that http steps call "
                    + "(a loopback address only in local/test)", PLAIN, NONE, ValueChecks.remoteHttpUrlWhenDeployed()),
            def("DECKHAND_ADMINS", "Comma-separated provider subjects or e-mail addresses (verified by the provider) "
                    + "made administrators when they sign in (audited; removing one does not revoke: use deckhand admin "
                    + "revoke)", PLAIN, NONE,
                    (v, all) -> v.isBlank() || v.matches("\\s*[^,\\s]+\\s*(,\\s*[^,\\s]+\\s*)*") ? Optional.empty()
                            : Optional.of("expected addresses or subjects separated by commas")),
            def("CATALOGUE_SEED_FILE", "Catalogue YAML (see examples/) the web proctype applies at start when the "
                    + "catalogue is empty (relative to PROJECT_ROOT); empty: none", PLAIN, NONE,
                    SettingDefinition.ValueCheck.NONE),
            def("ENABLE_S3_STORAGE", "Store files in S3 instead of MEDIA_ROOT", PLAIN, NONE, ValueChecks.bool()),
            def("MEDIA_ROOT", "Local storage directory (relative to PROJECT_ROOT)", PLAIN, NONE,
                    SettingDefinition.ValueCheck.NONE),
            def("AWS_BUCKET_NAME", "S3 bucket (required when ENABLE_S3_STORAGE)", PLAIN, NONE,
                    SettingDefinition.ValueCheck.NONE),
            def("AWS_REGION", "S3 region", PLAIN, NONE, SettingDefinition.ValueCheck.NONE),
            def("AWS_S3_ENDPOINT", "S3-compatible endpoint URL (MinIO, s3proxy); empty for AWS", PLAIN, NONE,
                    ValueChecks.httpUrl()),
            def("AWS_ACCESS_KEY_ID", "S3 access key; leave empty on EKS to use IRSA", PLAIN, NONE,
                    SettingDefinition.ValueCheck.NONE),
            def("AWS_SECRET_ACCESS_KEY", "S3 secret key; leave empty on EKS to use IRSA", SECRET, NONE,
                    SettingDefinition.ValueCheck.NONE),
            def("AUTH_WALL_USERNAME", "Basic-auth wall user for staging; off when unset", PLAIN, NONE,
                    SettingDefinition.ValueCheck.NONE),
            def("AUTH_WALL_PASSWORD", "Basic-auth wall password", SECRET, NONE, SettingDefinition.ValueCheck.NONE),
            def("AUTH_WALL_REALM", "Basic-auth wall realm", PLAIN, NONE, SettingDefinition.ValueCheck.NONE),
            def("RATE_LIMIT_API_PER_MINUTE", "Requests per minute per client IP on the web API; 0 disables", PLAIN,
                    NONE, ValueChecks.integer(0, 1_000_000)),
            def("RATE_LIMIT_LOGIN_PER_MINUTE", "OAuth sign-in/connect starts, and callbacks, per minute per client IP (each); 0 disables",
                    PLAIN, NONE, ValueChecks.integer(0, 10_000)),
            def("MAX_WEBSOCKETS_PER_USER", "Open /ws/notifications connections one signed-in user may hold per web process",
                    PLAIN, NONE, ValueChecks.integer(1, 1000)),
            def("MAX_REQUEST_BODY_BYTES", "Largest HTTP request body accepted (413 above it)", PLAIN, NONE,
                    ValueChecks.integer(1024, 1_073_741_824)),
            def("SENTRY_DSN", "Send errors to Sentry when set", SECRET, NONE, SettingDefinition.ValueCheck.NONE),
            def("OTEL_TRACING_ENABLED", "OpenTelemetry tracing (web request, enqueue, job, outbound step call) exported "
                    + "over OTLP/HTTP; false: no tracer, no traceparent", PLAIN, NONE, ValueChecks.bool()),
            def("OTEL_EXPORTER_OTLP_ENDPOINT", "OTLP/HTTP collector base URL (spans go to /v1/traces); default "
                    + "http://localhost:4318", PLAIN, NONE, ValueChecks.httpUrl()),
            def("OTEL_TRACES_SAMPLER_ARG", "Fraction of new traces sampled, 0 to 1 (children follow their parent)",
                    PLAIN, NONE, (v, all) -> v.matches("(0(\\.\\d+)?|1(\\.0+)?)") ? Optional.empty()
                            : Optional.of("expected a ratio between 0 and 1 (got '" + v + "')")),
            def("EMAIL_URL", "Outgoing mail server, smtp://user:pass@host:587 (STARTTLS required) or "
                    + "smtps://user:pass@host:465; empty disables e-mail (no SES API: use SES's SMTP interface)",
                    URL_WITH_CREDENTIALS, NONE, ValueChecks.emailUrl()),
            def("FROM_EMAIL", "Sender of outgoing mail, e.g. Deckhand <deckhand@example.org> (required with EMAIL_URL)",
                    PLAIN, NONE, ValueChecks.emailAddresses(false)),
            def("OPERATOR_EMAIL", "Comma-separated addresses that get operator alerts (dead-set growth); empty: none",
                    PLAIN, NONE, ValueChecks.emailAddresses(true)),
            def("JDWP_PORT", "Open a JDWP remote-debug port (container entrypoint; refused in staging and production)",
                    PLAIN, NONE, (v, all) -> all.isDeployed() ? Optional.of("must be empty in staging and production")
                            : ValueChecks.integer(1, 65535).problem(v, all)),
            def("JDWP_BIND", "Address the JDWP port listens on (default 127.0.0.1; 0.0.0.0 for a debugger outside the container)",
                    PLAIN, NONE, (v, all) -> v.matches("[0-9a-fA-F.:*]{1,45}") ? Optional.empty()
                            : Optional.of("expected an IP address or *")));

    private SettingsCatalog() {
    }

    public static List<SettingDefinition> all() {
        return ALL;
    }

    public static Optional<SettingDefinition> find(String name) {
        return ALL.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    private static SettingDefinition def(String name, String description, SettingDefinition.Kind kind,
                                         Set<String> requiredIn, SettingDefinition.ValueCheck check) {
        return new SettingDefinition(name, description, kind, requiredIn, check);
    }
}

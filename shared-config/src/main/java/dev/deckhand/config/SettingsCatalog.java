package dev.deckhand.config;

import static dev.deckhand.config.SettingDefinition.Kind.PLAIN;
import static dev.deckhand.config.SettingDefinition.Kind.SECRET;
import static dev.deckhand.config.SettingDefinition.Kind.URL_WITH_CREDENTIALS;
import static dev.deckhand.config.SettingType.BOOLEAN;
import static dev.deckhand.config.SettingType.CIDRS;
import static dev.deckhand.config.SettingType.DECIMAL;
import static dev.deckhand.config.SettingType.INTEGER;
import static dev.deckhand.config.SettingType.LIST;
import static dev.deckhand.config.SettingType.QUEUES;
import static dev.deckhand.config.SettingType.TEXT;

import dev.deckhand.config.net.Cidr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every per-deploy variable Deckhand reads, each declared once: name, type, base default, meaning,
 * secrecy and check. Code reads a value through its constant here ({@code
 * settings.value(SettingsCatalog.TOKEN_LIFETIME_MINUTES)}), never by a string name or with a Java
 * default of its own. Copies are generated from this list or checked against it by tests:
 * {@code base.env} ({@link BaseEnv}, BaseEnvTest), the README's variable table ({@link SettingsTable},
 * ReadmeVariablesTest), the dotenv examples (EnvExamplesTest) and the Helm chart's settings
 * (deploy-tests ChartSettingsTest). The order here is the order of the README table.
 */
public final class SettingsCatalog {

    private static final Set<String> ALL_ENVS = SettingsLoader.ENVIRONMENTS;
    private static final Set<String> DEPLOYED = Set.of("staging", "production");
    private static final Set<String> NONE = Set.of();
    private static final SettingDefinition.ValueCheck ANY = SettingDefinition.ValueCheck.NONE;
    /** Filled by {@link #def} in declaration order (static initialisers run top to bottom). */
    private static final List<SettingDefinition<?>> DECLARED = new ArrayList<>();

    public static final SettingDefinition<String> DECKHAND_ENV = def("DECKHAND_ENV", TEXT, null,
            "Environment layer: local (default), test, staging or production", PLAIN, NONE,
            ValueChecks.oneOf("local", "test", "staging", "production"));
    public static final SettingDefinition<String> DOTENV = def("DOTENV", TEXT, null,
            "Name of an extra dotenv layer, .env.$DOTENV", PLAIN, NONE, ANY);
    public static final SettingDefinition<String> PROJECT_ROOT = def("PROJECT_ROOT", TEXT, null,
            "Base directory for dotenv files and relative paths (default: working directory)", PLAIN, NONE, ANY);
    public static final SettingDefinition<Integer> PORT = def("PORT", INTEGER, "8000",
            "HTTP port of this proctype (API on web; health and metrics elsewhere)", PLAIN, ALL_ENVS,
            ValueChecks.integer(1, 65535));
    public static final SettingDefinition<String> DATABASE_URL = def("DATABASE_URL", TEXT, null,
            "PostgreSQL URL for the least-privilege app role, postgres://user:pass@host:5432/db?sslmode=require",
            URL_WITH_CREDENTIALS, ALL_ENVS, ValueChecks.databaseUrl());
    public static final SettingDefinition<Integer> DATABASE_POOL_SIZE = def("DATABASE_POOL_SIZE", INTEGER, "10",
            "Maximum JDBC connections per process", PLAIN, ALL_ENVS, ValueChecks.integer(1, 200));
    public static final SettingDefinition<String> MIGRATION_DATABASE_URL = def("MIGRATION_DATABASE_URL", TEXT, null,
            "PostgreSQL URL with DDL rights, used only by the migrations proctype (default: DATABASE_URL in local/test)",
            URL_WITH_CREDENTIALS, NONE, ValueChecks.databaseUrl());
    public static final SettingDefinition<String> APP_DATABASE_ROLE = def("APP_DATABASE_ROLE", TEXT, "deckhand_app",
            "Name of the least-privilege role migrations grant DML to", PLAIN, NONE,
            (v, all) -> v.matches("[a-z_][a-z0-9_]{0,62}") ? Optional.empty()
                    : Optional.of("expected a lowercase SQL identifier (got '" + v + "')"));
    public static final SettingDefinition<String> APP_DATABASE_PASSWORD = def("APP_DATABASE_PASSWORD", TEXT, null,
            "Optional: when set, migrations give APP_DATABASE_ROLE LOGIN with this password (else operators set it)",
            SECRET, NONE, ANY);
    public static final SettingDefinition<String> REDIS_URL = def("REDIS_URL", TEXT, null,
            "Redis URL for the job queue and live events, redis:// or rediss://", URL_WITH_CREDENTIALS, ALL_ENVS,
            ValueChecks.redisUrl());
    public static final SettingDefinition<String> SECRET_KEY = def("SECRET_KEY", TEXT, null,
            "Signs sessions, CSRF tokens and API tokens; 32+ random characters in staging/production", SECRET,
            ALL_ENVS, ValueChecks.secretKey());
    public static final SettingDefinition<String> DB_ENCRYPTION_KEY = def("DB_ENCRYPTION_KEY", TEXT, null,
            "Base64 AES-256 keys, comma-separated, first encrypts; encrypts account tokens at rest", SECRET,
            ALL_ENVS, ValueChecks.encryptionKeys());
    public static final SettingDefinition<List<String>> ALLOWED_HOSTS = def("ALLOWED_HOSTS", LIST, null,
            "Comma-separated host names the web tier answers to", PLAIN, DEPLOYED, ValueChecks.allowedHosts());
    public static final SettingDefinition<List<Cidr>> ADMIN_API_ALLOWED_SUBNETS = def("ADMIN_API_ALLOWED_SUBNETS",
            CIDRS, "127.0.0.0/8,::1/128", "CIDRs (IPv4/IPv6) allowed to reach the admin API and UI", PLAIN, NONE,
            ValueChecks.cidrList());
    public static final SettingDefinition<List<Cidr>> TRUSTED_PROXIES = def("TRUSTED_PROXIES", CIDRS, "",
            "CIDRs of reverse proxies whose X-Forwarded-*/Forwarded headers are believed", PLAIN, NONE,
            ValueChecks.cidrList());
    public static final SettingDefinition<String> FORWARDED_HEADER = def("FORWARDED_HEADER", TEXT, "x-forwarded-for",
            "The one header TRUSTED_PROXIES write: x-forwarded-for (X-Forwarded-For/-Proto/-Host/-Port) "
                    + "or forwarded (RFC 7239); the other is ignored", PLAIN, NONE,
            ValueChecks.oneOf("x-forwarded-for", "forwarded"));
    public static final SettingDefinition<Boolean> DEBUG = def("DEBUG", BOOLEAN, "false",
            "Verbose errors and debug endpoints; refused in production", PLAIN, NONE, ValueChecks.debug());
    public static final SettingDefinition<String> LOG_LEVEL = def("LOG_LEVEL", TEXT, "INFO",
            "Root log level", PLAIN, NONE, ValueChecks.oneOf("TRACE", "DEBUG", "INFO", "WARN", "ERROR"));
    public static final SettingDefinition<String> LOG_LEVELS = def("LOG_LEVELS", TEXT, null,
            "Per-logger levels, e.g. dev.deckhand.jobqueue=DEBUG,io.netty=WARN", PLAIN, NONE,
            (v, all) -> v.isBlank() || v.matches("([\\w.$-]+=(TRACE|DEBUG|INFO|WARN|ERROR|OFF))(,[\\w.$-]+=(TRACE|DEBUG|INFO|WARN|ERROR|OFF))*")
                    ? Optional.empty() : Optional.of("expected logger=LEVEL pairs separated by commas"));
    public static final SettingDefinition<String> LOG_FORMAT = def("LOG_FORMAT", TEXT, "json",
            "json (one event per line) or text", PLAIN, NONE, ValueChecks.oneOf("json", "text"));
    public static final SettingDefinition<Map<String, Integer>> WORKER_QUEUES = def("WORKER_QUEUES", QUEUES, "default=10,short=10",
            "Queues this worker consumes with concurrency, e.g. default=10,short=20", PLAIN, NONE,
            ValueChecks.queueList());
    public static final SettingDefinition<Integer> JOB_VISIBILITY_TIMEOUT_SECONDS = def("JOB_VISIBILITY_TIMEOUT_SECONDS",
            INTEGER, "30", "A job whose worker stops heartbeating is re-delivered after this", PLAIN, NONE,
            ValueChecks.integer(5, 3600));
    public static final SettingDefinition<Integer> JOB_DRAIN_TIMEOUT_SECONDS = def("JOB_DRAIN_TIMEOUT_SECONDS", INTEGER,
            "25", "On SIGTERM, time running jobs get to finish before being handed back "
                    + "(keep below the platform grace period)", PLAIN, NONE, ValueChecks.integer(0, 3600));
    public static final SettingDefinition<Integer> MAX_QUEUE_LENGTH = def("MAX_QUEUE_LENGTH", INTEGER, "10000",
            "Web answers 503 with Retry-After when a queue is deeper than this", PLAIN, NONE,
            ValueChecks.integer(1, 10_000_000));
    public static final SettingDefinition<Integer> TOKEN_LIFETIME_MINUTES = def("TOKEN_LIFETIME_MINUTES", INTEGER, "15",
            "Account credentials unused this long are deleted and revoked", PLAIN, NONE, ValueChecks.integer(1, 1440));
    public static final SettingDefinition<Integer> PREFLIGHT_LIFETIME_MINUTES = def("PREFLIGHT_LIFETIME_MINUTES",
            INTEGER, "10", "A preflight result expires after this", PLAIN, NONE, ValueChecks.integer(1, 1440));
    public static final SettingDefinition<String> CRON_SCHEDULE = def("CRON_SCHEDULE", TEXT, null,
            "JSON overriding built-in schedules by name; null disables one", PLAIN, NONE, ValueChecks.json());
    public static final SettingDefinition<String> OAUTH_ISSUER_URL = def("OAUTH_ISSUER_URL", TEXT, null,
            "OIDC issuer for discovery of the endpoints below", PLAIN, NONE, ValueChecks.httpUrl());
    public static final SettingDefinition<String> OAUTH_AUTHORIZATION_URL = def("OAUTH_AUTHORIZATION_URL", TEXT, null,
            "Authorization endpoint (overrides discovery)", PLAIN, NONE, ValueChecks.httpUrl());
    public static final SettingDefinition<String> OAUTH_TOKEN_URL = def("OAUTH_TOKEN_URL", TEXT, null,
            "Token endpoint (overrides discovery)", PLAIN, NONE, ValueChecks.httpUrl());
    public static final SettingDefinition<String> OAUTH_REVOCATION_URL = def("OAUTH_REVOCATION_URL", TEXT, null,
            "RFC 7009 revocation endpoint (overrides discovery)", PLAIN, NONE, ValueChecks.httpUrl());
    public static final SettingDefinition<String> OAUTH_CLIENT_ID = def("OAUTH_CLIENT_ID", TEXT, "deckhand",
            "OAuth2 client id", PLAIN, NONE, ANY);
    public static final SettingDefinition<String> OAUTH_CLIENT_SECRET = def("OAUTH_CLIENT_SECRET", TEXT, null,
            "OAuth2 client secret", SECRET, NONE, ANY);
    public static final SettingDefinition<String> OAUTH_SCOPES = def("OAUTH_SCOPES", TEXT, "openid",
            "Space-separated scopes requested when connecting an account", PLAIN, NONE, ANY);
    public static final SettingDefinition<String> OAUTH_API_BASE_URL = def("OAUTH_API_BASE_URL", TEXT, null,
            "Base URL of the connected account's API that http steps call (a loopback address only in local/test)",
            PLAIN, NONE, ValueChecks.remoteHttpUrlWhenDeployed());
    public static final SettingDefinition<List<String>> DECKHAND_ADMINS = def("DECKHAND_ADMINS", LIST, null,
            "Comma-separated provider subjects or e-mail addresses (verified by the provider) made administrators "
                    + "when they sign in (audited; removing one does not revoke: use deckhand admin revoke)", PLAIN, NONE,
            (v, all) -> v.isBlank() || v.matches("\\s*[^,\\s]+\\s*(,\\s*[^,\\s]+\\s*)*") ? Optional.empty()
                    : Optional.of("expected addresses or subjects separated by commas"));
    public static final SettingDefinition<String> CATALOGUE_SEED_FILE = def("CATALOGUE_SEED_FILE", TEXT, null,
            "Catalogue YAML (see examples/) the web proctype applies at start when the catalogue is empty "
                    + "(relative to PROJECT_ROOT); empty: none", PLAIN, NONE, ANY);
    public static final SettingDefinition<Boolean> ENABLE_S3_STORAGE = def("ENABLE_S3_STORAGE", BOOLEAN, "false",
            "Store files in S3 instead of MEDIA_ROOT", PLAIN, NONE, ValueChecks.bool());
    public static final SettingDefinition<String> MEDIA_ROOT = def("MEDIA_ROOT", TEXT, "var/media",
            "Local storage directory (relative to PROJECT_ROOT)", PLAIN, NONE, ANY);
    public static final SettingDefinition<String> AWS_BUCKET_NAME = def("AWS_BUCKET_NAME", TEXT, null,
            "S3 bucket (required when ENABLE_S3_STORAGE)", PLAIN, NONE, ANY);
    public static final SettingDefinition<String> AWS_REGION = def("AWS_REGION", TEXT, "us-east-1",
            "S3 region", PLAIN, NONE, ANY);
    public static final SettingDefinition<String> AWS_S3_ENDPOINT = def("AWS_S3_ENDPOINT", TEXT, null,
            "S3-compatible endpoint URL (MinIO, s3proxy); empty for AWS", PLAIN, NONE, ValueChecks.httpUrl());
    public static final SettingDefinition<String> AWS_ACCESS_KEY_ID = def("AWS_ACCESS_KEY_ID", TEXT, null,
            "S3 access key; leave empty on EKS to use IRSA", PLAIN, NONE, ANY);
    public static final SettingDefinition<String> AWS_SECRET_ACCESS_KEY = def("AWS_SECRET_ACCESS_KEY", TEXT, null,
            "S3 secret key; leave empty on EKS to use IRSA", SECRET, NONE, ANY);
    public static final SettingDefinition<String> AUTH_WALL_USERNAME = def("AUTH_WALL_USERNAME", TEXT, null,
            "Basic-auth wall user for staging; off when unset", PLAIN, NONE, ANY);
    public static final SettingDefinition<String> AUTH_WALL_PASSWORD = def("AUTH_WALL_PASSWORD", TEXT, null,
            "Basic-auth wall password", SECRET, NONE, ANY);
    public static final SettingDefinition<String> AUTH_WALL_REALM = def("AUTH_WALL_REALM", TEXT, "Deckhand",
            "Basic-auth wall realm", PLAIN, NONE, ANY);
    public static final SettingDefinition<Integer> RATE_LIMIT_API_PER_MINUTE = def("RATE_LIMIT_API_PER_MINUTE",
            INTEGER, "600", "Requests per minute per client IP on the web API; 0 disables", PLAIN, NONE,
            ValueChecks.integer(0, 1_000_000));
    public static final SettingDefinition<Integer> RATE_LIMIT_LOGIN_PER_MINUTE = def("RATE_LIMIT_LOGIN_PER_MINUTE",
            INTEGER, "10", "OAuth sign-in/connect starts, and callbacks, per minute per client IP (each); 0 disables",
            PLAIN, NONE, ValueChecks.integer(0, 10_000));
    public static final SettingDefinition<Integer> MAX_WEBSOCKETS_PER_USER = def("MAX_WEBSOCKETS_PER_USER", INTEGER,
            "10", "Open /ws/notifications connections one signed-in user may hold per web process", PLAIN, NONE,
            ValueChecks.integer(1, 1000));
    public static final SettingDefinition<Integer> MAX_REQUEST_BODY_BYTES = def("MAX_REQUEST_BODY_BYTES", INTEGER,
            "1048576", "Largest HTTP request body accepted (413 above it)", PLAIN, NONE,
            ValueChecks.integer(1024, 1_073_741_824));
    public static final SettingDefinition<String> SENTRY_DSN = def("SENTRY_DSN", TEXT, null,
            "Send errors to Sentry when set", SECRET, NONE, ANY);
    public static final SettingDefinition<Boolean> OTEL_TRACING_ENABLED = def("OTEL_TRACING_ENABLED", BOOLEAN, "false",
            "OpenTelemetry tracing (web request, enqueue, job, outbound step call) exported over OTLP/HTTP; "
                    + "false: no tracer, no traceparent", PLAIN, NONE, ValueChecks.bool());
    public static final SettingDefinition<String> OTEL_EXPORTER_OTLP_ENDPOINT = def("OTEL_EXPORTER_OTLP_ENDPOINT", TEXT,
            "http://localhost:4318", "OTLP/HTTP collector base URL (spans go to /v1/traces)", PLAIN, NONE,
            ValueChecks.httpUrl());
    public static final SettingDefinition<Double> OTEL_TRACES_SAMPLER_ARG = def("OTEL_TRACES_SAMPLER_ARG", DECIMAL,
            "1.0", "Fraction of new traces sampled, 0 to 1 (children follow their parent)", PLAIN, NONE,
            (v, all) -> v.matches("(0(\\.\\d+)?|1(\\.0+)?)") ? Optional.empty()
                    : Optional.of("expected a ratio between 0 and 1 (got '" + v + "')"));
    public static final SettingDefinition<String> EMAIL_URL = def("EMAIL_URL", TEXT, null,
            "Outgoing mail server, smtp://user:pass@host:587 (STARTTLS required) or smtps://user:pass@host:465; "
                    + "empty disables e-mail (no SES API: use SES's SMTP interface)", URL_WITH_CREDENTIALS, NONE,
            ValueChecks.emailUrl());
    public static final SettingDefinition<String> FROM_EMAIL = def("FROM_EMAIL", TEXT, null,
            "Sender of outgoing mail, e.g. Deckhand <deckhand@example.org> (required with EMAIL_URL)", PLAIN, NONE,
            ValueChecks.emailAddresses(false));
    public static final SettingDefinition<List<String>> OPERATOR_EMAIL = def("OPERATOR_EMAIL", LIST, null,
            "Comma-separated addresses that get operator alerts (dead-set growth); empty: none", PLAIN, NONE,
            ValueChecks.emailAddresses(true));
    public static final SettingDefinition<Integer> JDWP_PORT = def("JDWP_PORT", INTEGER, null,
            "Open a JDWP remote-debug port (container entrypoint; refused in staging and production)", PLAIN, NONE,
            (v, all) -> all.isDeployed() ? Optional.of("must be empty in staging and production")
                    : ValueChecks.integer(1, 65535).problem(v, all));
    public static final SettingDefinition<String> JDWP_BIND = def("JDWP_BIND", TEXT, null,
            "Address the JDWP port listens on (default 127.0.0.1; 0.0.0.0 for a debugger outside the container)",
            PLAIN, NONE, (v, all) -> v.matches("[0-9a-fA-F.:*]{1,45}") ? Optional.empty()
                    : Optional.of("expected an IP address or *"));

    private static final List<SettingDefinition<?>> ALL = List.copyOf(DECLARED);

    private SettingsCatalog() {
    }

    public static List<SettingDefinition<?>> all() {
        return ALL;
    }

    public static Optional<SettingDefinition<?>> find(String name) {
        return ALL.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    private static <T> SettingDefinition<T> def(String name, SettingType<T> type, String baseDefault,
                                                String description, SettingDefinition.Kind kind,
                                                Set<String> requiredIn, SettingDefinition.ValueCheck check) {
        SettingDefinition<T> d = new SettingDefinition<>(name, type, baseDefault, description, kind, requiredIn, check);
        DECLARED.add(d);
        return d;
    }
}

package dev.deckhand.config;

import dev.deckhand.config.net.Cidr;

import java.net.URI;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Reusable checks for {@link SettingDefinition}s; each returns what was expected. */
final class ValueChecks {

    /** Development-only key shipped in environment/local.env; production refuses it. */
    static final String DEV_ENCRYPTION_KEY = "ZGV2LW9ubHktZGVja2hhbmQta2V5LTMyLWJ5dGVzISE=";
    private static final Set<String> WEAK_MARKERS = Set.of("insecure", "change-me", "changeme", "placeholder",
            "secret-key", "do-not-use", "example");

    private ValueChecks() {
    }

    static SettingDefinition.ValueCheck databaseUrl() {
        return (v, all) -> wrap(() -> DatabaseUrl.parse(v));
    }

    static SettingDefinition.ValueCheck redisUrl() {
        return (v, all) -> wrap(() -> RedisUrl.parse(v));
    }

    static SettingDefinition.ValueCheck emailUrl() {
        return (v, all) -> {
            try {
                EmailUrl url = EmailUrl.parse(v);
                return url.security() == EmailUrl.Security.NONE && all.isDeployed()
                        ? Optional.of("?starttls=off (clear text) is refused in " + all.environment())
                        : Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
        };
    }

    /** An address, optionally with a display name ({@code Name <a@b.example>}); a list if {@code many}. */
    static SettingDefinition.ValueCheck emailAddresses(boolean many) {
        return (v, all) -> {
            String[] parts = many ? v.split(",") : new String[] {v};
            for (String part : parts) {
                String p = part.strip();
                String address = p.matches(".*<[^<>]*>") ? p.substring(p.lastIndexOf('<') + 1, p.length() - 1) : p;
                if (!address.matches("[^@\\s<>,\"]+@[^@\\s<>,\"]+\\.[^@\\s<>,\"]+")) {
                    return Optional.of("expected " + (many ? "comma-separated e-mail addresses" : "an e-mail address")
                            + " like deckhand@example.org or Deckhand <deckhand@example.org> (got '" + p + "')");
                }
            }
            return Optional.empty();
        };
    }

    static SettingDefinition.ValueCheck httpUrl() {
        return (v, all) -> {
            try {
                URI u = new URI(v.strip());
                if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                    return Optional.of("expected an http(s):// URL (got '" + v + "')");
                }
                return Optional.empty();
            } catch (Exception e) {
                return Optional.of("expected an http(s):// URL (got '" + v + "')");
            }
        };
    }

    /**
     * {@link #httpUrl()}, and in staging/production not a loopback host (localhost, 127.0.0.0/8,
     * ::1): the connected account's API on this machine is the local stack's demo only.
     */
    static SettingDefinition.ValueCheck remoteHttpUrlWhenDeployed() {
        return (v, all) -> {
            Optional<String> problem = httpUrl().problem(v, all);
            if (problem.isPresent() || !all.isDeployed()) {
                return problem;
            }
            String host = URI.create(v.strip()).getHost().toLowerCase(java.util.Locale.ROOT);
            boolean loopback = host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.")
                    || host.equals("[::1]") || host.equals("::1");
            return loopback ? Optional.of("must not be a loopback address in staging and production (got '" + v + "')")
                    : Optional.empty();
        };
    }

    static SettingDefinition.ValueCheck integer(int min, int max) {
        return (v, all) -> {
            try {
                int i = Integer.parseInt(v.strip());
                return i < min || i > max ? Optional.of("expected a whole number " + min + "-" + max + " (got " + i + ")")
                        : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.of("expected a whole number " + min + "-" + max + " (got '" + v + "')");
            }
        };
    }

    static SettingDefinition.ValueCheck bool() {
        return (v, all) -> wrap(() -> ResolvedSettings.parseBoolean(v));
    }

    static SettingDefinition.ValueCheck oneOf(String... options) {
        Set<String> set = Set.of(options);
        return (v, all) -> set.contains(v.strip()) ? Optional.empty()
                : Optional.of("expected one of " + String.join(", ", new java.util.TreeSet<>(set)) + " (got '" + v + "')");
    }

    static SettingDefinition.ValueCheck cidrList() {
        return (v, all) -> wrap(() -> Cidr.parseList(v));
    }

    static SettingDefinition.ValueCheck secretKey() {
        return (v, all) -> {
            if (!all.isDeployed()) {
                return Optional.empty();
            }
            String lower = v.toLowerCase(Locale.ROOT);
            if (v.length() < 32) {
                return Optional.of("must be at least 32 characters in " + all.environment() + " (got " + v.length() + ")");
            }
            if (WEAK_MARKERS.stream().anyMatch(lower::contains) || v.chars().distinct().count() < 8) {
                return Optional.of("looks like a placeholder; generate one with `openssl rand -base64 48`");
            }
            return Optional.empty();
        };
    }

    /** Comma-separated base64 AES-256 keys; the first encrypts, all decrypt (rotation). */
    static SettingDefinition.ValueCheck encryptionKeys() {
        return (v, all) -> {
            for (String k : v.split(",")) {
                byte[] raw;
                try {
                    raw = Base64.getDecoder().decode(k.strip());
                } catch (IllegalArgumentException e) {
                    return Optional.of("each key must be base64 (generate with `openssl rand -base64 32`)");
                }
                if (raw.length != 32) {
                    return Optional.of("each key must decode to 32 bytes (got " + raw.length + ")");
                }
                if (all.isDeployed() && k.strip().equals(DEV_ENCRYPTION_KEY)) {
                    return Optional.of("is the development key; generate one with `openssl rand -base64 32`");
                }
            }
            return Optional.empty();
        };
    }

    static SettingDefinition.ValueCheck allowedHosts() {
        return (v, all) -> all.isProduction() && v.strip().equals("*")
                ? Optional.of("must list real host names in production, not '*'") : Optional.empty();
    }

    static SettingDefinition.ValueCheck debug() {
        return (v, all) -> {
            Optional<String> b = bool().problem(v, all);
            if (b.isPresent()) {
                return b;
            }
            return all.isProduction() && ResolvedSettings.parseBoolean(v)
                    ? Optional.of("must be false in production") : Optional.empty();
        };
    }

    static SettingDefinition.ValueCheck json() {
        return (v, all) -> {
            try {
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(v);
                return Optional.empty();
            } catch (Exception e) {
                return Optional.of("expected JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
            }
        };
    }

    /** Queue list: {@code name=concurrency,name=concurrency}. */
    static SettingDefinition.ValueCheck queueList() {
        return (v, all) -> {
            for (String part : v.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                String[] kv = part.strip().split("=", 2);
                if (!kv[0].matches("[a-z][a-z0-9_-]{0,63}")) {
                    return Optional.of("queue names are lowercase letters, digits, - and _ (got '" + kv[0] + "')");
                }
                if (kv.length == 2 && integer(1, 1000).problem(kv[1], all).isPresent()) {
                    return Optional.of("concurrency for '" + kv[0] + "' must be 1-1000 (got '" + kv[1] + "')");
                }
            }
            return Optional.empty();
        };
    }

    private static Optional<String> wrap(Runnable r) {
        try {
            r.run();
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }
}

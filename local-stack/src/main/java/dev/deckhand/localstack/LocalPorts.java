package dev.deckhand.localstack;

/**
 * Ports of the embedded backing services, chosen away from the standard ones so a system
 * PostgreSQL/Redis on this machine does not collide: LOCAL_POSTGRES_PORT (5433),
 * LOCAL_REDIS_PORT (6380), LOCAL_OAUTH_PORT (8090).
 */
record LocalPorts(int postgres, int redis, int oauth) {

    static LocalPorts fromEnvironment() {
        return new LocalPorts(port("LOCAL_POSTGRES_PORT", 5433), port("LOCAL_REDIS_PORT", 6380),
                port("LOCAL_OAUTH_PORT", 8090));
    }

    private static int port(String name, int fallback) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": expected a port number (got '" + v + "')");
        }
    }
}

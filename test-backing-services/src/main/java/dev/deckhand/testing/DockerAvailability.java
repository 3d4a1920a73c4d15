package dev.deckhand.testing;

/** Testcontainers is used only when a Docker engine answers; these machines usually have none. */
final class DockerAvailability {

    private static Boolean available;

    private DockerAvailability() {
    }

    static synchronized boolean available() {
        if (available == null) {
            if ("false".equalsIgnoreCase(System.getenv("DECKHAND_TEST_DOCKER"))) {
                available = false;
            } else {
                try {
                    available = org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
                } catch (Throwable t) {
                    available = false;
                }
            }
        }
        return available;
    }
}

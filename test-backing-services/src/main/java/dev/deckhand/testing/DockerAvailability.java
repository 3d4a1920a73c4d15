package dev.deckhand.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Testcontainers is used only when a Docker engine is configured; these machines usually have
 * none, and probing costs seconds, so we look for a socket or DOCKER_HOST first.
 */
final class DockerAvailability {

    private static Boolean available;

    private DockerAvailability() {
    }

    static synchronized boolean available() {
        if (available == null) {
            boolean configured = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
            if (!configured || "false".equalsIgnoreCase(System.getenv("DECKHAND_TEST_DOCKER"))) {
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

package org.elkflow.flowcodec.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the shared test data (flow captures) that lives beside the repository. The root pom passes its
 * location to surefire as system property {@value #PROPERTY}; outside Maven (an IDE run from the module
 * directory) the same relative location is used.
 */
public final class SharedData {

    public static final String PROPERTY = "elkflow.shared.dir";
    private static final String FALLBACK = "../../shared";

    private SharedData() {
    }

    public static Path root() {
        String configured = System.getProperty(PROPERTY);
        return Paths.get(configured == null || configured.isBlank() ? FALLBACK : configured)
                .toAbsolutePath().normalize();
    }

    /** The file or folder at {@code relative} under the shared directory; fails the test if it is absent. */
    public static Path path(String relative) {
        Path path = root().resolve(relative).normalize();
        if (!Files.exists(path)) {
            String source = System.getProperty(PROPERTY) == null
                    ? "system property " + PROPERTY + " is not set, fell back to " + FALLBACK
                    : "from system property " + PROPERTY + "=" + System.getProperty(PROPERTY);
            fail("shared test data missing: " + path + " (" + source + ")");
        }
        return path;
    }

    public static byte[] bytes(String relative) {
        Path path = path(relative);
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** A capture file under {@code flow-captures/}. */
    public static byte[] capture(String relativeToCaptures) {
        return bytes("flow-captures/" + relativeToCaptures);
    }
}

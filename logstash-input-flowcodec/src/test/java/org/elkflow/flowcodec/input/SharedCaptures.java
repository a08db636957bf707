package org.elkflow.flowcodec.input;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the flow captures every developer and CI has in ../shared, failing clearly when they are absent. */
final class SharedCaptures {

    private SharedCaptures() {
    }

    static Path path(String relativeToFlowCaptures) {
        String shared = System.getProperty("elkflow.shared.dir", "../../shared");
        Path path = Path.of(shared, "flow-captures", relativeToFlowCaptures).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("shared flow capture missing: " + path
                    + " (tests read ../shared/flow-captures beside the repository; set -Delkflow.shared.dir)");
        }
        return path;
    }
}

package org.elkflow.infraenrich;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared test data beside the repository (system property elkflow.shared.dir, set by the root pom). */
public final class SharedData {
    private SharedData() { }

    public static Path dir() {
        String dir = System.getProperty("elkflow.shared.dir");
        if (dir == null) {
            throw new IllegalStateException("system property elkflow.shared.dir is not set; run the tests through "
                    + "Maven or pass -Delkflow.shared.dir=/path/to/shared");
        }
        return Path.of(dir);
    }

    /** A file under shared/geoip; fails with the missing path named. */
    public static Path geoip(String name) {
        Path p = dir().resolve("geoip").resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("missing test database " + p.toAbsolutePath()
                    + " (elkflow.shared.dir=" + dir() + ")");
        }
        return p;
    }
}

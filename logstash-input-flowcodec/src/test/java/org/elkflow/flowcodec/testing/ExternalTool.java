package org.elkflow.flowcodec.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates an external program (tshark, softflowd, pmacctd, fprobe). Absent under {@code CI=true}: the test fails
 * with a clear message (CI must install it); elsewhere the test is skipped with the same message.
 */
public final class ExternalTool {

    private ExternalTool() {
    }

    public static Path require(String program, String debianPackage) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin"
                + File.pathSeparator + "/usr/bin").split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Paths.get(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        unavailable(program + " not found on PATH: install the Debian package '" + debianPackage
                + "' (apt-get install -y " + debianPackage + ")");
        return null;
    }

    /**
     * Something the test needs besides a program (a privilege, a kernel feature) is missing: fails under
     * {@code CI=true}, skips elsewhere, with {@code message} either way. Never returns.
     */
    public static void unavailable(String message) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " — required under CI=true");
        }
        assumeTrue(false, message + " — test skipped outside CI");
    }
}

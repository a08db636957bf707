package org.elkflow.estest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The operating-system user Elasticsearch processes run as.
 *
 * <p>Elasticsearch refuses to run as root. When this JVM runs as root, every Elasticsearch command (server and
 * plugin installer) is wrapped in {@code runuser -u elkflow-es --}, the system user is created once if needed,
 * and node directories are handed to it. Otherwise commands run directly as the current user.
 * The user name can be changed with the system property {@code elkflow.es.user}.
 */
final class EsProcessUser {

    static final String DEFAULT_USER = "elkflow-es";
    static final String USER_PROPERTY = "elkflow.es.user";

    private static final Object USER_CREATION_LOCK = new Object();

    /** The user to switch to, or null when commands run as the current user. */
    private final String switchTo;
    private final String currentUser;

    private EsProcessUser(String currentUser, String switchTo) {
        this.currentUser = currentUser;
        this.switchTo = switchTo;
    }

    /** The policy for this JVM, decided by {@code user.name}. */
    static EsProcessUser forThisJvm() {
        return of(System.getProperty("user.name"), System.getProperty(USER_PROPERTY, DEFAULT_USER));
    }

    /** Switches to {@code esUser} when {@code currentUser} is root; runs directly otherwise. */
    static EsProcessUser of(String currentUser, String esUser) {
        Objects.requireNonNull(esUser, "esUser");
        return "root".equals(currentUser) ? new EsProcessUser(currentUser, esUser) : new EsProcessUser(currentUser, null);
    }

    /** True when commands are run as another user than this JVM's. */
    boolean switchesUser() {
        return switchTo != null;
    }

    /** The name of the user Elasticsearch runs as. */
    String name() {
        return switchTo != null ? switchTo : currentUser;
    }

    /**
     * The full command line that runs {@code command} as the Elasticsearch user with exactly the given extra
     * environment: {@code [runuser -u <user> --] env K=V ... command...}. The {@code env} prefix is used in both
     * cases so the variables survive the user switch unchanged.
     */
    List<String> command(Map<String, String> environment, List<String> command) {
        List<String> full = new ArrayList<>();
        if (switchTo != null) {
            full.addAll(List.of("runuser", "-u", switchTo, "--"));
        }
        if (!environment.isEmpty()) {
            full.add("env");
            environment.forEach((key, value) -> full.add(key + "=" + value));
        }
        full.addAll(command);
        return full;
    }

    /** Creates the system user when switching users and it does not exist yet. Safe to call concurrently. */
    void ensureExists() {
        if (switchTo == null) {
            return;
        }
        synchronized (USER_CREATION_LOCK) {
            if (exists()) {
                return;
            }
            List<String> useradd = List.of("useradd", "--system", "--user-group", "--no-create-home",
                    "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", switchTo);
            CommandRunner.Result last = null;
            for (int attempt = 0; attempt < 10; attempt++) {
                last = CommandRunner.run(useradd, null, null, Duration.ofSeconds(30));
                // 9: the name is taken, e.g. another test JVM created it a moment ago; other codes may be a
                // busy /etc/passwd lock, so look again and retry.
                if (last.ok() || exists()) {
                    return;
                }
                sleep(300);
            }
            throw new IllegalStateException("cannot create the system user [" + switchTo
                    + "] that runs Elasticsearch (it refuses to run as root): " + last.describe());
        }
    }

    private boolean exists() {
        return CommandRunner.run(List.of("id", "-u", switchTo), null, null, Duration.ofSeconds(10)).ok();
    }

    /** Makes the Elasticsearch user own {@code dir} and everything below it (no-op when not switching users). */
    void giveOwnership(Path dir) {
        if (switchTo == null) {
            return;
        }
        CommandRunner.Result result = CommandRunner.run(List.of("chown", "-R", switchTo + ":", dir.toString()),
                null, null, Duration.ofMinutes(2));
        if (!result.ok()) {
            throw new IllegalStateException("cannot hand " + dir + " to user [" + switchTo + "]: " + result.describe());
        }
    }

    /**
     * Checks that the Elasticsearch user can reach {@code dir}: when switching users, every ancestor must be
     * searchable by others (e.g. a temp dir under /root is not).
     */
    void checkReachable(Path dir) {
        if (switchTo == null) {
            return;
        }
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new IllegalStateException(dir + " is not reachable by user [" + switchTo + "] because " + p
                            + " is not searchable by others; point the system property "
                            + EsNode.BASE_DIR_PROPERTY + " at a directory such as /tmp");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read permissions of " + p, e);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return switchTo == null ? "run as current user [" + currentUser + "]" : "run as [" + switchTo + "] via runuser";
    }
}

package org.elkflow.estest;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One real Elasticsearch node, run from a private copy of an unpacked distribution (the integ-test-zip).
 *
 * <p>Life cycle: {@link #builder()} … {@link Builder#build()} reserves ports; the first {@link #start()} copies the
 * distribution into a temp directory owned by this node, installs the plugin zips with
 * {@code bin/elasticsearch-plugin install --batch}, writes {@code config/elasticsearch.yml}, launches
 * {@code bin/elasticsearch -d -p <pidfile>} and waits until {@code GET /_cluster/health} answers 200 and the
 * expected status is reached. {@link #stop()} (SIGTERM, then SIGKILL), {@link #kill()} (SIGKILL) and
 * {@link #restart()} act on the Elasticsearch JVM by PID and keep the data directory; {@link #close()} stops the
 * node and deletes its directory (kept when the system property {@code elkflow.es.keep=true}).
 *
 * <p>When this JVM runs as root, the installer and the node run as the system user {@code elkflow-es} (created
 * on first use) via {@code runuser}; otherwise as the current user.
 *
 * <p>Every created node is also stopped by a JVM shutdown hook, and a running node is watched by a small shell
 * process that SIGKILLs it if this JVM dies without running hooks.
 */
public final class EsNode implements AutoCloseable {

    /** Set to {@code true} to keep node directories (data, logs, config) after close. */
    public static final String KEEP_PROPERTY = "elkflow.es.keep";
    /** Default heap size for every node (e.g. {@code 1g}); a builder's {@link Builder#heap} wins. */
    public static final String HEAP_PROPERTY = "elkflow.es.heap";
    /** Where node directories are created; default {@code java.io.tmpdir}. Must be reachable by the ES user. */
    public static final String BASE_DIR_PROPERTY = "elkflow.es.basedir";
    public static final String DEFAULT_HEAP = "512m";
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);

    static final int DIAGNOSTIC_LINES = 80;
    private static final String LOG_PREFIX = "[elkflow-es] ";

    // ---- configuration, fixed at build time
    private final Path distribution;
    private final String name;
    private final String clusterName;
    private final List<Path> plugins;
    private final Map<String, String> attributes;
    private final Map<String, Object> extraSettings;
    private final String heap;
    private final String extraJavaOpts;
    private final boolean singleNode;
    private final List<String> seedHosts;
    private final List<String> initialMasterNodes;
    private final List<String> roles;
    private final int httpPort;
    private final int transportPort;
    private final Duration startTimeout;
    private final Duration stopTimeout;
    private final String expectedStatus;
    private final int expectedNodes;
    private final Path baseDir;
    private final EsProcessUser user;
    private final EsRestClient client;

    // ---- state; volatile where the shutdown hook reads it without the lock
    private volatile Path dir;
    private volatile ProcessHandle server;
    private volatile Process launcher;
    private volatile Process guard;
    private volatile boolean closed;
    private boolean prepared;
    private boolean clusterBootstrapped;
    private int starts;
    private long launchedAtNanos;
    private long prepareMillis = -1;
    private long lastHttpReadyMillis = -1;
    private long lastStartMillis = -1;
    private long lastPid = -1;

    private EsNode(Builder b) {
        this.distribution = b.distribution != null ? EsTestEnvironment.checkDistribution(b.distribution)
                : EsTestEnvironment.esHome();
        this.name = b.name;
        this.clusterName = b.clusterName;
        this.plugins = List.copyOf(b.plugins);
        this.attributes = Map.copyOf(b.attributes);
        this.extraSettings = new LinkedHashMap<>(b.settings);
        this.heap = b.heap != null ? b.heap : System.getProperty(HEAP_PROPERTY, DEFAULT_HEAP);
        this.extraJavaOpts = b.extraJavaOpts;
        this.singleNode = b.singleNode;
        this.seedHosts = List.copyOf(b.seedHosts);
        this.initialMasterNodes = List.copyOf(b.initialMasterNodes);
        this.roles = b.roles == null ? null : List.copyOf(b.roles);
        this.httpPort = b.httpPort > 0 ? b.httpPort : FreePorts.next();
        this.transportPort = b.transportPort > 0 ? b.transportPort : FreePorts.next();
        this.startTimeout = b.startTimeout;
        this.stopTimeout = b.stopTimeout;
        this.expectedStatus = b.expectedStatus;
        this.expectedNodes = b.expectedNodes;
        this.baseDir = b.baseDir;
        this.user = b.user != null ? b.user : EsProcessUser.forThisJvm();
        this.client = new EsRestClient(URI.create("http://127.0.0.1:" + httpPort));
        for (Path zip : plugins) {
            if (!Files.isRegularFile(zip)) {
                throw new IllegalArgumentException("plugin zip " + zip + " does not exist");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------------------------------------ life cycle

    /**
     * Starts the node (preparing its directory on the first call) and waits until {@code GET /_cluster/health}
     * answers 200 and the cluster reaches the expected status, within the start timeout.
     *
     * @return this node, for {@code EsNode node = EsNode.builder()...build().start();}
     * @throws EsNodeException on failure or timeout; the message holds the tail of the node log and of the
     *                         launcher output, and the node's processes are already killed
     */
    public synchronized EsNode start() {
        launch();
        Instant deadline = Instant.now().plus(startTimeout);
        awaitHttp(deadline);
        awaitStatus(expectedStatus, expectedNodes, deadline);
        markStarted();
        return this;
    }

    /** SIGTERM to the Elasticsearch JVM, wait up to the stop timeout, then SIGKILL. Keeps the directory. */
    public synchronized void stop() {
        long begin = System.nanoTime();
        boolean wasRunning = isRunning();
        terminate(stopTimeout);
        if (wasRunning) {
            log("node [" + name + "] stopped in " + millisSince(begin) + " ms (pid " + lastPid + ")");
        }
    }

    /** SIGKILL to the Elasticsearch JVM by PID, and waits for it to be gone. Keeps the directory. */
    public synchronized void kill() {
        boolean wasRunning = isRunning();
        terminate(Duration.ZERO);
        if (wasRunning) {
            log("node [" + name + "] killed (SIGKILL, pid " + lastPid + ")");
        }
    }

    /**
     * Stops the node if it runs and starts it again with the same directory, ports and settings, except
     * {@code cluster.initial_master_nodes}, which is left out once the cluster has formed.
     */
    public synchronized EsNode restart() {
        stop();
        return start();
    }

    /** Stops the node if running and deletes its directory unless {@code elkflow.es.keep=true}. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            stop();
        } finally {
            closed = true;
            RunningNodes.unregister(this);
            deleteDirectory();
        }
    }

    /** Called by the shutdown hook: must not wait for the lock a stuck test thread may hold. */
    void closeFromShutdownHook() {
        closed = true;
        try {
            terminate(Duration.ofSeconds(10));
        } finally {
            deleteDirectory();
        }
    }

    // -------------------------------------------------------------------------------------------- accessors

    /** True while the Elasticsearch JVM of this node is alive. */
    public boolean isRunning() {
        ProcessHandle s = server;
        return s != null && s.isAlive();
    }

    /** PID of the running Elasticsearch JVM. */
    public long pid() {
        ProcessHandle s = server;
        if (s == null) {
            throw new IllegalStateException("node [" + name + "] is not running");
        }
        return s.pid();
    }

    public String name() {
        return name;
    }

    public String clusterName() {
        return clusterName;
    }

    public int httpPort() {
        return httpPort;
    }

    public int transportPort() {
        return transportPort;
    }

    /** {@code 127.0.0.1:<transport port>}, as other nodes list it in {@code discovery.seed_hosts}. */
    public String transportAddress() {
        return "127.0.0.1:" + transportPort;
    }

    public URI httpUri() {
        return client.baseUri();
    }

    /** REST client for this node. */
    public EsRestClient client() {
        return client;
    }

    /** The node's private directory (ES copy in {@code home/}, plus {@code data/}, {@code logs/}); null before the first start. */
    public Path directory() {
        return dir;
    }

    /** The node's main log file ({@code logs/<cluster>.log}). */
    public Path logFile() {
        Path d = dir;
        return d == null ? Path.of("<node " + name + " not prepared>") : d.resolve("logs").resolve(clusterName + ".log");
    }

    /** Milliseconds of the last successful start, from launching {@code bin/elasticsearch} until the expected status; -1 before. */
    public synchronized long lastStartMillis() {
        return lastStartMillis;
    }

    /** Milliseconds from launch until {@code /_cluster/health} first answered 200 in the last start; -1 before. */
    public synchronized long lastHttpReadyMillis() {
        return lastHttpReadyMillis;
    }

    /** Milliseconds spent copying the distribution and installing plugins; -1 before. */
    public synchronized long prepareMillis() {
        return prepareMillis;
    }

    /** The last {@code lines} lines of the node's log file. */
    public String logTail(int lines) {
        return LogTail.lastLines(logFile(), lines);
    }

    /** The last {@code lines} lines of what {@code bin/elasticsearch} wrote to stdout/stderr (all starts). */
    public String launcherOutputTail(int lines) {
        Path d = dir;
        return d == null ? "" : LogTail.lastLines(d.resolve("launcher.log"), lines);
    }

    /** Both tails with headings, for failure messages. */
    public String diagnostics(int lines) {
        return "--- last " + lines + " lines of " + logFile() + " ---\n" + logTail(lines)
                + "\n--- last " + lines + " lines of launcher stdout/stderr ---\n" + launcherOutputTail(lines);
    }

    @Override
    public String toString() {
        return "EsNode[" + name + ", cluster " + clusterName + ", http " + httpPort + ", transport " + transportPort
                + (isRunning() ? ", pid " + server.pid() : ", not running") + "]";
    }

    // ------------------------------------------------------------------------ steps, package-private for EsCluster

    /** Prepares the directory on first use and launches {@code bin/elasticsearch -d}; does not wait. */
    synchronized void launch() {
        if (closed) {
            throw new IllegalStateException("node [" + name + "] is closed");
        }
        if (isRunning()) {
            throw new IllegalStateException("node [" + name + "] is already running (pid " + server.pid() + ")");
        }
        terminate(Duration.ZERO); // leftovers of a failed earlier attempt, if any
        if (!prepared) {
            prepare();
        }
        try {
            writeSettings();
            Files.deleteIfExists(pidFile());
            Path launcherLog = dir.resolve("launcher.log");
            starts++;
            Files.writeString(launcherLog, "=== start #" + starts + " at " + Instant.now() + " ===\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            List<String> command = user.command(environment(),
                    List.of(home().resolve("bin/elasticsearch").toString(), "-d", "-p", pidFile().toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(launcherLog.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            scrubInheritedEnvironment(builder.environment());
            launchedAtNanos = System.nanoTime();
            launcher = builder.start();
        } catch (IOException e) {
            throw new EsNodeException("cannot launch node [" + name + "]: " + e, e);
        }
    }

    /** Waits until {@code GET /_cluster/health} answers 200 and the PID is known; fails fast if the node dies. */
    synchronized void awaitHttp(Instant deadline) {
        EsRestClient probe = client.withTimeout(Duration.ofSeconds(5));
        String lastProblem = "no answer yet";
        while (true) {
            findServerProcess();
            checkLauncher();
            try {
                EsResponse health = probe.get("/_cluster/health");
                if (health.status() == 200) {
                    break;
                }
                lastProblem = "last answer: " + health.status() + " " + health.body();
            } catch (UncheckedIOException e) {
                lastProblem = "last error: " + e.getCause();
            }
            checkLauncher();
            ProcessHandle s = server;
            if (s != null && !s.isAlive()) {
                failStart("the Elasticsearch process (pid " + s.pid() + ") exited");
            }
            if (Instant.now().isAfter(deadline)) {
                failStart("/_cluster/health did not answer 200 within " + startTimeout.toSeconds() + " s (" + lastProblem + ")");
            }
            pause(250);
        }
        lastHttpReadyMillis = millisSince(launchedAtNanos);
        // The server writes its pid file early in bootstrap, so it is there by now; allow a moment anyway.
        Instant pidDeadline = Instant.now().plusSeconds(10);
        while (findServerProcess() == null) {
            checkLauncher();
            if (Instant.now().isAfter(pidDeadline)) {
                failStart("node answers on port " + httpPort + " but wrote no pid file " + pidFile()
                        + " (is another process using this port?)");
            }
            pause(100);
        }
    }

    /** Fails the start when {@code bin/elasticsearch} has exited with an error (with -d it exits 0 once the node is up). */
    private void checkLauncher() {
        Process l = launcher;
        if (l != null && !l.isAlive() && l.exitValue() != 0) {
            failStart("bin/elasticsearch exited with code " + l.exitValue());
        }
    }

    /**
     * Waits for {@code wait_for_status} (null: skip) and, when {@code nodes > 0}, {@code wait_for_nodes}.
     */
    synchronized void awaitStatus(String status, int nodes, Instant deadline) {
        if (status == null && nodes <= 0) {
            return;
        }
        long remaining = Math.max(1, Duration.between(Instant.now(), deadline).toSeconds());
        StringBuilder path = new StringBuilder("/_cluster/health?timeout=").append(remaining).append('s');
        if (status != null) {
            path.append("&wait_for_status=").append(status);
        }
        if (nodes > 0) {
            path.append("&wait_for_nodes=").append(nodes);
        }
        EsResponse response;
        try {
            response = client.withTimeout(Duration.ofSeconds(remaining + 30)).get(path.toString());
        } catch (UncheckedIOException e) {
            failStart("GET " + path + " failed: " + e.getCause());
            return;
        }
        JsonNode body = response.status() == 200 ? response.json() : null;
        if (body == null || body.path("timed_out").asBoolean(true)) {
            failStart("cluster did not reach " + (status != null ? "status " + status : "")
                    + (nodes > 0 ? " with " + nodes + " node(s)" : "") + ": " + response.status() + " " + response.body());
        }
    }

    /** Records a successful start. */
    synchronized void markStarted() {
        lastStartMillis = millisSince(launchedAtNanos);
        clusterBootstrapped = true;
        log("node [" + name + "] started in " + lastStartMillis + " ms (health answered after "
                + lastHttpReadyMillis + " ms; start #" + starts + ", pid " + server.pid() + ", http " + httpUri()
                + ", transport " + transportAddress() + ", heap " + heap + ", " + user + ")");
    }

    // ---------------------------------------------------------------------------------------------- internals

    private Path home() {
        return dir.resolve("home");
    }

    private Path pidFile() {
        return dir.resolve("es.pid");
    }

    private void prepare() {
        long begin = System.nanoTime();
        user.ensureExists();
        deleteDirectory(); // what an earlier, failed preparation left behind
        try {
            Path base = baseDir != null ? baseDir : Path.of(System.getProperty(BASE_DIR_PROPERTY, System.getProperty("java.io.tmpdir")));
            Files.createDirectories(base);
            dir = Files.createTempDirectory(base.toAbsolutePath(), "elkflow-es-" + name.replaceAll("[^A-Za-z0-9_.-]", "_") + "-");
            RunningNodes.register(this);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            user.checkReachable(dir);
            FileTrees.copy(distribution, home());
            for (String sub : List.of("data", "logs", "tmp", "plugin-zips")) {
                Files.createDirectories(dir.resolve(sub));
            }
            List<Path> zips = new ArrayList<>();
            for (Path plugin : plugins) {
                Path copy = dir.resolve("plugin-zips").resolve(plugin.getFileName().toString());
                Files.copy(plugin, copy);
                zips.add(copy);
            }
            user.giveOwnership(dir);
            for (Path zip : zips) {
                installPlugin(zip);
            }
        } catch (IOException e) {
            throw new EsNodeException("cannot prepare node [" + name + "] in " + dir + ": " + e, e);
        }
        prepared = true;
        prepareMillis = millisSince(begin);
        log("node [" + name + "] prepared in " + prepareMillis + " ms: " + dir + " (" + plugins.size() + " plugin(s))");
    }

    private void installPlugin(Path zip) {
        long begin = System.nanoTime();
        Path output = dir.resolve("plugin-install-" + zip.getFileName() + ".log");
        List<String> command = user.command(environment(), List.of(
                home().resolve("bin/elasticsearch-plugin").toString(), "install", "--batch", zip.toUri().toString()));
        CommandRunner.Result result = CommandRunner.run(command, dir, output, Duration.ofMinutes(3));
        if (!result.ok()) {
            throw new EsNodeException("installing plugin " + zip.getFileName() + " into node [" + name + "] failed: "
                    + result.describe());
        }
        log("node [" + name + "] installed " + zip.getFileName() + " in " + millisSince(begin) + " ms");
    }

    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ES_JAVA_HOME", System.getProperty("java.home"));
        env.put("ES_JAVA_OPTS", ("-Xms" + heap + " -Xmx" + heap + " " + extraJavaOpts).trim());
        env.put("ES_PATH_CONF", home().resolve("config").toString());
        env.put("ES_TMPDIR", dir.resolve("tmp").toString());
        env.put("HOME", dir.toString());
        return env;
    }

    /** Variables that would change how the launcher or the JVM behaves if inherited from the test JVM. */
    private static void scrubInheritedEnvironment(Map<String, String> env) {
        for (String key : List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "CLI_JAVA_OPTS",
                "JAVA_HOME", "ES_HOME", "ES_PATH_CONF", "ES_JAVA_HOME", "ES_JAVA_OPTS", "ES_TMPDIR")) {
            env.remove(key);
        }
    }

    /** The settings written to {@code config/elasticsearch.yml} for the next start. */
    Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("cluster.name", clusterName);
        s.put("node.name", name);
        s.put("network.host", "127.0.0.1");
        s.put("http.port", httpPort);
        s.put("transport.port", transportPort);
        if (dir != null) {
            s.put("path.data", dir.resolve("data").toString());
            s.put("path.logs", dir.resolve("logs").toString());
        }
        s.put("xpack.security.enabled", false);
        // Test machines often have fuller disks than production; don't let watermarks block allocation.
        s.put("cluster.routing.allocation.disk.threshold_enabled", false);
        if (roles != null) {
            s.put("node.roles", roles);
        }
        attributes.forEach((key, value) -> s.put("node.attr." + key, value));
        if (singleNode) {
            s.put("discovery.type", "single-node");
        } else {
            if (!seedHosts.isEmpty()) {
                s.put("discovery.seed_hosts", seedHosts);
            }
            if (!clusterBootstrapped && !initialMasterNodes.isEmpty()) {
                s.put("cluster.initial_master_nodes", initialMasterNodes);
            }
        }
        s.putAll(extraSettings);
        return s;
    }

    private void writeSettings() throws IOException {
        Path yml = home().resolve("config/elasticsearch.yml");
        Files.writeString(yml, SettingsFile.render(settings()), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(yml, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** Reads the pid file once it exists and remembers the process; starts the orphan guard. */
    private ProcessHandle findServerProcess() {
        if (server != null) {
            return server;
        }
        Path pidFile = pidFile();
        if (!Files.isRegularFile(pidFile)) {
            return null;
        }
        try {
            String text = Files.readString(pidFile).trim();
            if (text.isEmpty()) {
                return null; // being written
            }
            Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(text));
            if (handle.isEmpty()) {
                return null;
            }
            server = handle.get();
            lastPid = server.pid();
            startOrphanGuard(server.pid());
            return server;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /**
     * A tiny shell loop that outlives this JVM: if the JVM disappears (e.g. SIGKILLed by a build timeout) while
     * the node still runs, it SIGKILLs the node and removes its directory (unless kept). It ends by itself when
     * the node stops first.
     */
    private void startOrphanGuard(long esPid) {
        String script = "while kill -0 \"$1\" 2>/dev/null && kill -0 \"$2\" 2>/dev/null; do sleep 1; done; "
                + "if kill -0 \"$2\" 2>/dev/null; then kill -9 \"$2\"; sleep 1; "
                + "if [ -n \"$3\" ]; then rm -rf -- \"$3\"; fi; fi";
        String removeDir = keepDirectories() ? "" : dir.toString();
        try {
            guard = new ProcessBuilder("sh", "-c", script, "elkflow-es-guard",
                    Long.toString(ProcessHandle.current().pid()), Long.toString(esPid), removeDir)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            log("cannot start the orphan guard for node [" + name + "]: " + e);
        }
    }

    /**
     * Ends the server JVM (SIGTERM, then SIGKILL after {@code grace}; SIGKILL at once for a zero grace), the
     * launcher and its children if still there, and the orphan guard. Lock-free so the shutdown hook can use it.
     */
    private void terminate(Duration grace) {
        ProcessHandle s = server;
        if (s == null && launcher != null) {
            s = findServerProcessQuietly(); // a start in flight whose pid was not read yet
        }
        if (s != null && s.isAlive()) {
            if (!grace.isZero()) {
                s.destroy();
                awaitExit(s, grace);
            }
            if (s.isAlive()) {
                s.destroyForcibly();
                awaitExit(s, Duration.ofSeconds(30));
            }
            if (s.isAlive()) {
                throw new EsNodeException("node [" + name + "] (pid " + s.pid() + ") survived SIGKILL");
            }
        }
        server = null;
        Process l = launcher;
        if (l != null) {
            if (l.isAlive()) {
                l.descendants().forEach(ProcessHandle::destroyForcibly);
                l.destroyForcibly();
            }
            awaitExit(l.toHandle(), Duration.ofSeconds(10));
            launcher = null;
        }
        Process g = guard;
        if (g != null) {
            g.destroyForcibly();
            guard = null;
        }
    }

    /**
     * The pid file of the start in flight (deleted before each launch, so it is this start's), read without side
     * effects; only a Java process is accepted, as a last guard against a reused pid.
     */
    private ProcessHandle findServerProcessQuietly() {
        Path d = dir;
        if (d == null) {
            return null;
        }
        try {
            String text = Files.readString(d.resolve("es.pid")).trim();
            return ProcessHandle.of(Long.parseLong(text))
                    .filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(true))
                    .orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Waits until the process is gone. Polls {@code isAlive()} because {@code onExit()} of a process that is not
     * our child (the daemonized server) is only noticed with a coarse delay.
     */
    private static void awaitExit(ProcessHandle handle, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (handle.isAlive() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Kills what was started, then throws with both log tails. */
    private void failStart(String reason) {
        try {
            terminate(Duration.ZERO);
        } catch (RuntimeException e) {
            reason += " (and killing it failed: " + e.getMessage() + ")";
        }
        throw new EsNodeException("node [" + name + "] failed to start after " + millisSince(launchedAtNanos)
                + " ms: " + reason + "\n" + diagnostics(DIAGNOSTIC_LINES));
    }

    private void deleteDirectory() {
        Path d = dir;
        if (d == null) {
            return;
        }
        if (keepDirectories()) {
            log("keeping node [" + name + "] directory " + d + " (" + KEEP_PROPERTY + "=true)");
            return;
        }
        try {
            FileTrees.delete(d);
        } catch (IOException e) {
            log("cannot delete " + d + ": " + e);
        }
    }

    private static boolean keepDirectories() {
        return Boolean.getBoolean(KEEP_PROPERTY);
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EsNodeException("interrupted while waiting for the node", e);
        }
    }

    static void log(String message) {
        System.out.println(LOG_PREFIX + message);
    }

    // ------------------------------------------------------------------------------------------------ builder

    /** Configuration of one node. Every setter returns the builder. */
    public static final class Builder {
        private Path distribution;
        private String name = "node-0";
        private String clusterName = "elkflow-test";
        private final List<Path> plugins = new ArrayList<>();
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private final Map<String, Object> settings = new LinkedHashMap<>();
        private String heap;
        private String extraJavaOpts = "";
        private boolean singleNode = true;
        private List<String> seedHosts = List.of();
        private List<String> initialMasterNodes = List.of();
        private List<String> roles;
        private int httpPort;
        private int transportPort;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;
        private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;
        private String expectedStatus = "yellow";
        private int expectedNodes;
        private Path baseDir;
        private EsProcessUser user;

        private Builder() {
        }

        /** The unpacked distribution to copy; default: system property {@code elkflow.es.home}. */
        public Builder distribution(Path esHome) {
            this.distribution = esHome;
            return this;
        }

        /** {@code node.name}; default {@code node-0}. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name);
            return this;
        }

        /** {@code cluster.name}; default {@code elkflow-test}. */
        public Builder clusterName(String clusterName) {
            this.clusterName = Objects.requireNonNull(clusterName);
            return this;
        }

        /** A plugin zip to install before the first start. */
        public Builder plugin(Path zip) {
            this.plugins.add(zip.toAbsolutePath());
            return this;
        }

        public Builder plugins(Collection<Path> zips) {
            zips.forEach(this::plugin);
            return this;
        }

        /** {@code node.attr.<key>: value}, e.g. {@code attribute("box_type", "warm")}. */
        public Builder attribute(String key, String value) {
            this.attributes.put(key, value);
            return this;
        }

        /** Any other setting; written last, so it overrides the harness defaults. Lists become YAML arrays. */
        public Builder setting(String key, Object value) {
            this.settings.put(key, value);
            return this;
        }

        /** Heap size for -Xms and -Xmx, e.g. {@code 1g}; default {@value #DEFAULT_HEAP} or {@code elkflow.es.heap}. */
        public Builder heap(String size) {
            this.heap = size;
            return this;
        }

        /** Extra JVM options appended to ES_JAVA_OPTS. */
        public Builder javaOpts(String options) {
            this.extraJavaOpts = Objects.requireNonNull(options);
            return this;
        }

        /** {@code discovery.type: single-node} (the default) or, when false, discovery via seed hosts. */
        public Builder singleNode(boolean singleNode) {
            this.singleNode = singleNode;
            return this;
        }

        /** {@code discovery.seed_hosts}, e.g. other nodes' {@link EsNode#transportAddress()}. */
        public Builder seedHosts(List<String> hosts) {
            this.seedHosts = List.copyOf(hosts);
            return this;
        }

        /** {@code cluster.initial_master_nodes} for the first start only. */
        public Builder initialMasterNodes(List<String> names) {
            this.initialMasterNodes = List.copyOf(names);
            return this;
        }

        /** {@code node.roles}; default: Elasticsearch's (all roles). */
        public Builder roles(String... roles) {
            this.roles = List.of(roles);
            return this;
        }

        /** Fixed HTTP port; default: a free one. */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** Fixed transport port; default: a free one. */
        public Builder transportPort(int port) {
            this.transportPort = port;
            return this;
        }

        /** How long {@link EsNode#start()} waits in total; default 120 s. */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** How long {@link EsNode#stop()} waits after SIGTERM before SIGKILL; default 30 s. */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Health status {@link EsNode#start()} waits for ({@code green}, {@code yellow}; null: don't wait); default yellow. */
        public Builder expectedStatus(String status) {
            this.expectedStatus = status;
            return this;
        }

        /** Number of nodes {@link EsNode#start()} waits for ({@code wait_for_nodes}); default 0: don't wait. */
        public Builder expectedNodes(int nodes) {
            this.expectedNodes = nodes;
            return this;
        }

        /** Directory to create the node directory in; default {@code elkflow.es.basedir} or {@code java.io.tmpdir}. */
        public Builder baseDir(Path dir) {
            this.baseDir = dir;
            return this;
        }

        List<String> roles() {
            return roles;
        }

        int transportPortForCluster() {
            return transportPort;
        }

        Builder processUser(EsProcessUser user) {
            this.user = user;
            return this;
        }

        /** Checks the distribution and plugin zips and reserves ports; nothing is copied or started yet. */
        public EsNode build() {
            return new EsNode(this);
        }
    }
}

package org.elkflow.estest;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node life cycle against a fake distribution: {@code bin/elasticsearch} is a shell script that starts a
 * {@code sleep} as "the server" and writes its pid file, and this test answers {@code /_cluster/health} itself.
 * Runs as the current user (no user switch), so it needs neither root nor Elasticsearch.
 */
class EsNodeLifecycleTest {

    private static final String SLEEPING_SERVER = """
            #!/bin/sh
            echo "fake launcher args: $*"
            echo "opts=$ES_JAVA_OPTS"
            sleep 600 >/dev/null 2>&1 &
            echo $! > "$3"
            exit 0
            """;

    private static final String FAILING_SERVER = """
            #!/bin/sh
            echo "fake launcher: bootstrap failed"
            mkdir -p "$ES_PATH_CONF/../../logs"
            echo "[ERROR][o.e.b.Elasticsearch] fake node log line" >> "$ES_PATH_CONF/../../logs/fake-cluster.log"
            exit 78
            """;

    private static final String PLUGIN_INSTALLER = """
            #!/bin/sh
            echo "$*" >> "$ES_PATH_CONF/../installed-plugins.txt"
            """;

    @TempDir
    Path tmp;

    private HttpServer health;

    @BeforeEach
    void startHealthEndpoint() throws IOException {
        health = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        health.createContext("/_cluster/health", exchange -> {
            byte[] body = "{\"status\":\"green\",\"timed_out\":false,\"number_of_nodes\":1}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        health.start();
    }

    @AfterEach
    void stopHealthEndpoint() {
        health.stop(0);
    }

    private Path fakeDistribution(String serverScript) throws IOException {
        Path home = tmp.resolve("dist");
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/elasticsearch.yml"), "# default\n");
        writeScript(home.resolve("bin/elasticsearch"), serverScript);
        writeScript(home.resolve("bin/elasticsearch-plugin"), PLUGIN_INSTALLER);
        return home;
    }

    private static void writeScript(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private EsNode.Builder node(Path distribution) {
        return EsNode.builder()
                .distribution(distribution)
                .processUser(EsProcessUser.of("tester", "unused"))
                .baseDir(tmp.resolve("nodes"))
                .clusterName("fake-cluster")
                .httpPort(health.getAddress().getPort())
                .startTimeout(Duration.ofSeconds(20))
                .stopTimeout(Duration.ofSeconds(5));
    }

    @Test
    void startRestartKillAndCloseByPid() throws IOException {
        Path plugin = Files.writeString(tmp.resolve("my-plugin-1.0.zip"), "not really a zip");
        EsNode node = node(fakeDistribution(SLEEPING_SERVER))
                .name("n1")
                .plugin(plugin)
                .heap("256m")
                .singleNode(false)
                .seedHosts(List.of("127.0.0.1:1", "127.0.0.1:2"))
                .initialMasterNodes(List.of("n1", "n2"))
                .attribute("box_type", "warm")
                .build();
        Path dir;
        try (node) {
            node.start();
            dir = node.directory();
            assertTrue(node.isRunning());
            long firstPid = node.pid();
            assertTrue(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false));
            assertTrue(node.lastStartMillis() >= 0 && node.lastHttpReadyMillis() >= 0 && node.prepareMillis() >= 0);

            String installed = Files.readString(dir.resolve("home/installed-plugins.txt"));
            assertTrue(installed.startsWith("install --batch file://" + dir.resolve("plugin-zips/my-plugin-1.0.zip")), installed);

            String yml = Files.readString(dir.resolve("home/config/elasticsearch.yml"));
            assertTrue(yml.contains("cluster.name: \"fake-cluster\""), yml);
            assertTrue(yml.contains("http.port: " + node.httpPort()), yml);
            assertTrue(yml.contains("transport.port: " + node.transportPort()), yml);
            assertTrue(yml.contains("node.attr.box_type: \"warm\""), yml);
            assertTrue(yml.contains("cluster.initial_master_nodes: [\"n1\",\"n2\"]"), yml);
            assertTrue(yml.contains("path.data: \"" + dir.resolve("data") + "\""), yml);
            assertFalse(yml.contains("discovery.type"), yml);
            assertTrue(node.launcherOutputTail(5).contains("opts=-Xms256m -Xmx256m"), node.launcherOutputTail(5));

            node.restart();
            long secondPid = node.pid();
            assertNotEquals(firstPid, secondPid);
            assertFalse(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false), "first server stopped");
            String ymlAfterRestart = Files.readString(dir.resolve("home/config/elasticsearch.yml"));
            assertFalse(ymlAfterRestart.contains("initial_master_nodes"), ymlAfterRestart);
            assertTrue(ymlAfterRestart.contains("discovery.seed_hosts"), ymlAfterRestart);

            node.kill();
            assertFalse(node.isRunning());
            assertFalse(ProcessHandle.of(secondPid).map(ProcessHandle::isAlive).orElse(false), "killed");
            assertThrows(IllegalStateException.class, node::pid);

            node.start();
            assertTrue(node.isRunning());
        }
        assertFalse(node.isRunning());
        assertFalse(Files.exists(dir), "directory deleted on close");
        node.close(); // idempotent
    }

    @Test
    void launcherFailureReportsBothLogTails() throws IOException {
        try (EsNode node = node(fakeDistribution(FAILING_SERVER)).build()) {
            EsNodeException e = assertThrows(EsNodeException.class, node::start);
            assertTrue(e.getMessage().contains("exited with code 78"), e.getMessage());
            assertTrue(e.getMessage().contains("fake launcher: bootstrap failed"), e.getMessage());
            assertTrue(e.getMessage().contains("fake node log line"), e.getMessage());
            assertTrue(node.logTail(10).contains("fake node log line"));
            assertFalse(node.isRunning());
        }
    }

    @Test
    void timeoutKillsTheServerAndReportsWhyItWaited() throws IOException {
        health.stop(0); // nobody answers on the HTTP port
        EsNode node = node(fakeDistribution(SLEEPING_SERVER)).startTimeout(Duration.ofSeconds(2)).build();
        try (node) {
            EsNodeException e = assertThrows(EsNodeException.class, node::start);
            assertTrue(e.getMessage().contains("did not answer 200 within 2 s"), e.getMessage());
            assertTrue(e.getMessage().contains("fake launcher args: -d -p"), e.getMessage());
            long pid = Long.parseLong(Files.readString(node.directory().resolve("es.pid")).trim());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "server killed after timeout");
        }
    }

    @Test
    void singleNodeDefaults() throws IOException {
        EsNode node = node(fakeDistribution(SLEEPING_SERVER)).name("solo").build();
        Map<String, Object> settings = node.settings();
        assertEquals("single-node", settings.get("discovery.type"));
        assertEquals("127.0.0.1", settings.get("network.host"));
        assertEquals(false, settings.get("xpack.security.enabled"));
        assertEquals("solo", settings.get("node.name"));
        assertFalse(settings.containsKey("cluster.initial_master_nodes"));
        assertNotEquals(node.httpPort(), node.transportPort());
        node.close();
    }
}

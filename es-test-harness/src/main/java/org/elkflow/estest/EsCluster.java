package org.elkflow.estest;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Several {@link EsNode}s forming one cluster on 127.0.0.1.
 *
 * <p>{@link Builder#build()} reserves every node's ports first, so each node's {@code discovery.seed_hosts} lists
 * all transport addresses, and {@code cluster.initial_master_nodes} names every master-eligible node (first start
 * only; a {@link EsNode#restart()} leaves it out). {@link #start()} launches all nodes at once, waits for each to
 * answer HTTP, then for the cluster to report all nodes and the expected status. Single nodes, killed or
 * restarted, are reached through {@link #node(String)}.
 */
public final class EsCluster implements AutoCloseable {

    private final String clusterName;
    private final List<EsNode> nodes;
    private final Duration startTimeout;
    private final String expectedStatus;
    private long lastStartMillis = -1;

    private EsCluster(String clusterName, List<EsNode> nodes, Duration startTimeout, String expectedStatus) {
        this.clusterName = clusterName;
        this.nodes = List.copyOf(nodes);
        this.startTimeout = startTimeout;
        this.expectedStatus = expectedStatus;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Launches every node, waits until each answers {@code /_cluster/health} and the cluster has all nodes and the
     * expected status. On failure every node is killed and the exception carries the nodes' log tails; the node
     * directories stay until {@link #close()} (or JVM exit), so build the cluster before a try-with-resources
     * block's {@code start()} if you want to look at them.
     */
    public synchronized EsCluster start() {
        long begin = System.nanoTime();
        Instant deadline = Instant.now().plus(startTimeout);
        try {
            for (EsNode node : nodes) {
                node.launch();
            }
            for (EsNode node : nodes) {
                node.awaitHttp(deadline);
            }
            waitForHealth(expectedStatus, nodes.size(), Duration.between(Instant.now(), deadline));
        } catch (RuntimeException e) {
            nodes.forEach(EsCluster::killQuietly);
            throw e;
        }
        nodes.forEach(EsNode::markStarted);
        lastStartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        EsNode.log("cluster [" + clusterName + "] of " + nodes.size() + " nodes started in " + lastStartMillis + " ms");
        return this;
    }

    /**
     * {@code GET /_cluster/health?wait_for_status=..&wait_for_nodes=..} on a running node.
     *
     * @param status null to not wait for a status
     * @param nodeCount 0 to not wait for a node count
     * @throws EsNodeException with every node's log tail when the cluster does not get there in time
     */
    public JsonNode waitForHealth(String status, int nodeCount, Duration timeout) {
        long seconds = Math.max(1, timeout.toSeconds());
        StringBuilder path = new StringBuilder("/_cluster/health?timeout=").append(seconds).append('s');
        if (status != null) {
            path.append("&wait_for_status=").append(status);
        }
        if (nodeCount > 0) {
            path.append("&wait_for_nodes=").append(nodeCount);
        }
        EsResponse response;
        try {
            response = client().withTimeout(Duration.ofSeconds(seconds + 30)).get(path.toString());
        } catch (UncheckedIOException e) {
            throw new EsNodeException("GET " + path + " failed: " + e.getCause() + "\n" + diagnostics(40), e);
        }
        if (response.status() != 200 || response.json().path("timed_out").asBoolean(true)) {
            throw new EsNodeException("cluster [" + clusterName + "] did not reach" + (status != null ? " status " + status : "")
                    + (nodeCount > 0 ? " " + nodeCount + " node(s)" : "") + " within " + seconds + " s: "
                    + response.status() + " " + response.body() + "\n" + diagnostics(40));
        }
        return response.json();
    }

    /** The node currently elected master, asked from any running node. */
    public EsNode electedMaster() {
        JsonNode master = client().expectOk("GET", "/_cat/master?format=json");
        String masterName = master.path(0).path("node").asText();
        return node(masterName);
    }

    /** All nodes, in the order they were configured. */
    public List<EsNode> nodes() {
        return nodes;
    }

    public EsNode node(int index) {
        return nodes.get(index);
    }

    /** The node with this {@code node.name}. */
    public EsNode node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node [" + name + "] in cluster " + clusterName));
    }

    /** A REST client of the first running node. */
    public EsRestClient client() {
        return nodes.stream().filter(EsNode::isRunning).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node of cluster " + clusterName + " is running"))
                .client();
    }

    public String clusterName() {
        return clusterName;
    }

    /** Milliseconds the last {@link #start()} took until the cluster was healthy; -1 before. */
    public synchronized long lastStartMillis() {
        return lastStartMillis;
    }

    /** Every node's log tail and launcher output. */
    public String diagnostics(int lines) {
        StringBuilder all = new StringBuilder();
        for (EsNode node : nodes) {
            all.append("=== node ").append(node.name()).append(" ===\n").append(node.diagnostics(lines)).append('\n');
        }
        return all.toString();
    }

    /** Closes every node (in parallel); throws the first failure after trying all. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        nodes.parallelStream().forEach(node -> {
            try {
                node.close();
            } catch (RuntimeException e) {
                synchronized (failures) {
                    failures.add(e);
                }
            }
        });
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static void killQuietly(EsNode node) {
        try {
            node.kill();
        } catch (RuntimeException e) {
            EsNode.log("cannot kill node [" + node.name() + "]: " + e);
        }
    }

    /** Configuration of the cluster and, through {@link #node}, of each node. */
    public static final class Builder {
        private String clusterName = "elkflow-test";
        private final Map<String, Consumer<EsNode.Builder>> nodes = new LinkedHashMap<>();
        private final List<Path> plugins = new ArrayList<>();
        private final Map<String, Object> settings = new LinkedHashMap<>();
        private Path distribution;
        private String heap;
        private Duration startTimeout = Duration.ofSeconds(180);
        private String expectedStatus = "yellow";

        private Builder() {
        }

        public Builder clusterName(String name) {
            this.clusterName = Objects.requireNonNull(name);
            return this;
        }

        /** Adds {@code count} nodes named {@code node-<i>} with default settings. */
        public Builder nodes(int count) {
            for (int i = 0; i < count; i++) {
                node("node-" + nodes.size(), b -> { });
            }
            return this;
        }

        /**
         * Adds a node; {@code customizer} may set attributes, roles, heap or settings on its builder (name, cluster
         * name, ports and discovery are set by the cluster).
         */
        public Builder node(String name, Consumer<EsNode.Builder> customizer) {
            if (nodes.putIfAbsent(name, Objects.requireNonNull(customizer)) != null) {
                throw new IllegalArgumentException("duplicate node name [" + name + "]");
            }
            return this;
        }

        /** A plugin zip installed on every node (every node of a cluster needs the same plugins). */
        public Builder plugin(Path zip) {
            this.plugins.add(zip);
            return this;
        }

        /** A setting for every node. */
        public Builder setting(String key, Object value) {
            this.settings.put(key, value);
            return this;
        }

        public Builder distribution(Path esHome) {
            this.distribution = esHome;
            return this;
        }

        /** Heap per node, e.g. {@code 512m}. */
        public Builder heap(String size) {
            this.heap = size;
            return this;
        }

        /** Total time {@link EsCluster#start()} may take; default 180 s. */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Status the cluster must reach on start (null: don't wait); default yellow. */
        public Builder expectedStatus(String status) {
            this.expectedStatus = status;
            return this;
        }

        public EsCluster build() {
            if (nodes.isEmpty()) {
                throw new IllegalStateException("a cluster needs at least one node");
            }
            List<EsNode.Builder> builders = new ArrayList<>();
            List<String> seedHosts = new ArrayList<>();
            List<String> masters = new ArrayList<>();
            nodes.forEach((name, customizer) -> {
                EsNode.Builder b = EsNode.builder()
                        .name(name)
                        .clusterName(clusterName)
                        .distribution(distribution)
                        .heap(heap)
                        .plugins(plugins)
                        .startTimeout(startTimeout)
                        .expectedStatus(null);
                settings.forEach(b::setting);
                customizer.accept(b);
                b.name(name).clusterName(clusterName).singleNode(false)
                        .httpPort(FreePorts.next()).transportPort(FreePorts.next());
                seedHosts.add("127.0.0.1:" + b.transportPortForCluster());
                if (b.roles() == null || b.roles().contains("master")) {
                    masters.add(name);
                }
                builders.add(b);
            });
            if (masters.isEmpty()) {
                throw new IllegalStateException("no master-eligible node in cluster " + clusterName);
            }
            List<EsNode> built = builders.stream()
                    .map(b -> b.seedHosts(seedHosts).initialMasterNodes(masters).build())
                    .toList();
            return new EsCluster(clusterName, built, startTimeout, expectedStatus);
        }
    }
}

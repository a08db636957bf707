package org.elkflow.percentiles.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.elkflow.estest.EsNode;
import org.elkflow.estest.EsResponse;
import org.elkflow.estest.EsRestClient;
import org.elkflow.estest.EsTestEnvironment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bulk-indexing throughput into one real node (integ-test-zip with this plugin installed): the same documents,
 * each with a 100-value {@code rt} array, indexed once without a pipeline and once through a pipeline with the
 * {@code percentiles} processor, and once through an empty pipeline (the ingest framework's own cost: source
 * parsed to a map and serialized again), rotating the order per round. Prints docs/s and the ratios.
 *
 * <p>Not part of the test suite. Command: {@code es-ingest-percentiles/bench/bulk-benchmark.sh} (see README).
 * Arguments: docs per measured index (default 30000), docs per bulk request (500), concurrent clients (2),
 * rounds (2).
 */
public final class BulkIngestBenchmark {

    private BulkIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int docs = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
        int bulkSize = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        String heap = System.getProperty("bench.heap", "1g");

        List<String> bodies = bulkBodies(docs, bulkSize, new Random(42));
        List<String> warmBodies = bulkBodies(Math.max(bulkSize, docs / 4), bulkSize, new Random(7));
        try (EsNode node = EsNode.builder().name("pct-bench").clusterName("pct-bench").heap(heap)
                .javaOpts(System.getProperty("bench.es_java_opts", ""))
                .plugin(EsTestEnvironment.pluginZip()).build()) {
            node.start();
            EsRestClient es = node.client().withTimeout(Duration.ofMinutes(5));
            es.expectOk("PUT", "/_ingest/pipeline/bench-pcts", """
                    {"processors": [{"percentiles": {"tag": "bench", "field": "rt", "percents": [50, 75, 90, 95, 99]}}]}""");
            es.expectOk("PUT", "/_index_template/bench", """
                    {"index_patterns": ["bench-*"], "template": {
                       "settings": {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "-1"},
                       "mappings": {"properties": {"rt": {"type": "double"}, "service": {"type": "keyword"},
                                                   "rt_percentiles": {"type": "object"}}}}}""");
            es.expectOk("PUT", "/_ingest/pipeline/bench-empty", """
                    {"description": "no processors: the cost of the ingest framework itself", "processors": []}""");
            String[] modes = {"plain", "empty", "pipeline"};
            String[] pipelines = {null, "bench-empty", "bench-pcts"};
            for (int m = 0; m < modes.length; m++) {
                run(es, "bench-warm-" + modes[m], pipelines[m], warmBodies, clients);
            }
            long[] nanos = new long[modes.length];
            long[] cpuNanos = new long[modes.length];
            System.out.printf(Locale.ROOT, "%nnode: %s, heap %s, %d docs x 100 values per index, bulk %d, %d clients, "
                    + "load average at start: %s%n", node.httpUri(), heap, docs, bulkSize, clients, loadAverage());
            for (int round = 0; round < rounds; round++) {
                for (int step = 0; step < modes.length; step++) {
                    int m = (step + round) % modes.length; // rotate the order per round
                    long cpu0 = cpuNanos(node);
                    long elapsed = run(es, "bench-" + modes[m] + "-" + round, pipelines[m], bodies, clients);
                    long cpu = cpuNanos(node) - cpu0;
                    nanos[m] += elapsed;
                    cpuNanos[m] += cpu;
                    System.out.printf(Locale.ROOT, "round %d %-9s %8.0f docs/s (%.2f s), node CPU %.1f us/doc%n", round,
                            modes[m], docs / (elapsed / 1e9), elapsed / 1e9, cpu / 1e3 / docs);
                }
            }
            double[] rates = new double[modes.length];
            for (int m = 0; m < modes.length; m++) {
                rates[m] = (double) docs * rounds / (nanos[m] / 1e9);
            }
            System.out.printf(Locale.ROOT, "TOTAL plain %.0f docs/s, empty pipeline %.0f docs/s (ratio %.3f), "
                            + "percentiles pipeline %.0f docs/s (ratio %.3f to plain, %.3f to empty pipeline)%n",
                    rates[0], rates[1], rates[1] / rates[0], rates[2], rates[2] / rates[0], rates[2] / rates[1]);
            // CPU the node spent per document: independent of how many clients keep it busy; the inverse ratio is
            // the throughput ratio a CPU-saturated node would show
            double[] cpuPerDoc = new double[modes.length];
            for (int m = 0; m < modes.length; m++) {
                cpuPerDoc[m] = cpuNanos[m] / 1e3 / ((double) docs * rounds);
            }
            System.out.printf(Locale.ROOT, "CPU plain %.1f us/doc, empty pipeline %.1f us/doc, percentiles pipeline %.1f us/doc "
                            + "(CPU-bound ratio %.3f to plain, %.3f to empty pipeline)%n", cpuPerDoc[0], cpuPerDoc[1],
                    cpuPerDoc[2], cpuPerDoc[0] / cpuPerDoc[2], cpuPerDoc[1] / cpuPerDoc[2]);

            System.out.println("load average at end: " + loadAverage());
            es.expectOk("POST", "/bench-*/_refresh", null);
            JsonNode count = es.expectOk("GET", "/bench-pipeline-0/_count");
            JsonNode sample = es.expectOk("GET", "/bench-pipeline-0/_search?size=1").path("hits").path("hits").path(0)
                    .path("_source").path("rt_percentiles");
            System.out.println("check: bench-pipeline-0 count " + count.path("count") + ", rt_percentiles " + sample);
            JsonNode stats = es.expectOk("GET", "/_nodes/stats/ingest").path("nodes").elements().next()
                    .path("ingest").path("pipelines");
            System.out.println("ingest stats: bench-pcts " + stats.path("bench-pcts") + "\n  bench-empty "
                    + stats.path("bench-empty"));
        }
    }

    /** CPU time (user + system) the Elasticsearch process used so far, from /proc via ProcessHandle. */
    private static long cpuNanos(EsNode node) {
        return ProcessHandle.of(node.pid()).flatMap(h -> h.info().totalCpuDuration())
                .orElseThrow(() -> new IllegalStateException("CPU time of the Elasticsearch process is not readable"))
                .toNanos();
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static List<String> bulkBodies(int docs, int bulkSize, Random random) {
        String[] services = {"payment", "search", "page_load", "image_load", "cold_start"};
        List<String> bodies = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < docs; i++) {
            body.append("{\"index\":{}}\n{\"service\":\"").append(services[i % services.length]).append("\",\"rt\":[");
            for (int v = 0; v < 100; v++) {
                double rt = Math.round(Math.exp(4 + random.nextGaussian()) * 100) / 100.0 + 0.001;
                body.append(v == 0 ? "" : ",").append(rt);
            }
            body.append("]}\n");
            if ((i + 1) % bulkSize == 0 || i + 1 == docs) {
                bodies.add(body.toString());
                body.setLength(0);
            }
        }
        return bodies;
    }

    /** Sends all bodies to {@code index} with {@code clients} concurrent senders; returns the elapsed nanos. */
    private static long run(EsRestClient es, String index, String pipeline, List<String> bodies, int clients)
            throws Exception {
        String path = "/" + index + "/_bulk" + (pipeline == null ? "" : "?pipeline=" + pipeline);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < bodies.size()) {
                        EsResponse response = es.bulk(path, bodies.get(i));
                        if (response.status() != 200 || response.json().path("errors").asBoolean()) {
                            throw new IllegalStateException("bulk failed: " + response.body().substring(0,
                                    Math.min(2000, response.body().length())));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            return System.nanoTime() - start;
        } finally {
            pool.shutdownNow();
        }
    }
}

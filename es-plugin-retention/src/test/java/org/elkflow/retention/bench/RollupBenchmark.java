package org.elkflow.retention.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.elkflow.estest.EsNode;
import org.elkflow.estest.EsResponse;
import org.elkflow.estest.EsRestClient;
import org.elkflow.estest.EsTestEnvironment;
import org.elkflow.retention.rollup.RollupDocId;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rollup throughput on one node: raw flow documents per second turned into 5-minute traffic-matrix rollups
 * (3 group-by fields, bytes/packets sums, bps, p95 of duration), by the plugin inside Elasticsearch and, in the same
 * run on the same data, by a client driving the equivalent composite aggregation over REST and bulk-writing the
 * same documents. Not part of the suite (no IT suffix); run with
 * <pre>
 * mvn -B -pl es-plugin-retention -am verify -Dtest='org.elkflow.retention.**.*Test' -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=RollupBenchmark -Delkflow.bench.docs=10000000 -Delkflow.es.heap=2g
 * </pre>
 */
class RollupBenchmark {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rollupThroughput() throws Exception {
        long docs = Long.getLong("elkflow.bench.docs", 1_000_000L);
        int pageSize = Integer.getInteger("elkflow.bench.page_size", 5000);
        // group cardinality: sources x destinations x 2 transports per 5-minute window
        int sources = Integer.getInteger("elkflow.bench.sources", 20);
        int destinations = Integer.getInteger("elkflow.bench.destinations", 10);
        try (EsNode node = EsNode.builder().name("retention-bench").clusterName("retention-bench")
                .plugin(EsTestEnvironment.pluginZip())
                .setting("elkflow.retention.poll_interval", "200ms")
                .setting("elkflow.retention.rollup.page_size", pageSize)
                .startTimeout(Duration.ofSeconds(300))
                .javaOpts(System.getProperty("elkflow.bench.es_java_opts", ""))
                .build()) {
            node.start();
            EsRestClient es = node.client().withTimeout(Duration.ofMinutes(30));
            LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(2);
            String raw = "flows-" + day.format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
            long base = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            es.expectOk("PUT", "/" + raw, """
                    {"settings": {"number_of_shards": 2, "number_of_replicas": 0, "refresh_interval": "-1"},
                     "mappings": {"properties": {"@timestamp": {"type": "date"}, "source.ip": {"type": "keyword"},
                       "destination.ip": {"type": "keyword"}, "network.transport": {"type": "keyword"},
                       "network.bytes": {"type": "long"}, "network.packets": {"type": "long"}, "event.duration": {"type": "long"}}}}""");
            long loadStart = System.nanoTime();
            int batch = 10_000;
            ExecutorService senders = Executors.newFixedThreadPool(2);
            List<Future<?>> pending = new ArrayList<>();
            for (long from = 0; from < docs; from += batch) {
                long start = from;
                long n = Math.min(batch, docs - from);
                pending.add(senders.submit(() -> {
                    SplittableRandom rnd = new SplittableRandom(start);
                    StringBuilder b = new StringBuilder((int) n * 200);
                    for (long i = 0; i < n; i++) {
                        long t = base + (long) ((start + i) * (86_400_000.0 / docs));
                        b.append("{\"index\":{}}\n{\"@timestamp\":").append(t)
                                .append(",\"source.ip\":\"10.0.0.").append(rnd.nextInt(sources))
                                .append("\",\"destination.ip\":\"10.9.0.").append(rnd.nextInt(destinations))
                                .append("\",\"network.transport\":\"").append(rnd.nextInt(4) == 0 ? "udp" : "tcp")
                                .append("\",\"network.bytes\":").append(40 + rnd.nextInt(1_500_000))
                                .append(",\"network.packets\":").append(1 + rnd.nextInt(1000))
                                .append(",\"event.duration\":").append(rnd.nextInt(10_000_000)).append("}\n");
                    }
                    EsResponse r = es.bulk("/" + raw + "/_bulk", b.toString());
                    if (r.status() != 200 || r.json().path("errors").asBoolean()) {
                        throw new IllegalStateException("bulk failed: " + r.body().substring(0, Math.min(1000, r.body().length())));
                    }
                    return null;
                }));
                if (pending.size() >= 4) {
                    pending.remove(0).get();
                }
            }
            for (Future<?> f : pending) {
                f.get();
            }
            senders.shutdown();
            es.expectOk("PUT", "/" + raw + "/_settings", "{\"index\": {\"refresh_interval\": \"1s\"}}");
            es.expectOk("POST", "/" + raw + "/_refresh");
            es.expectOk("POST", "/" + raw + "/_forcemerge?max_num_segments=1");
            long loadMillis = (System.nanoTime() - loadStart) / 1_000_000;
            assertEquals(docs, es.expectOk("GET", "/" + raw + "/_count").path("count").asLong());
            System.out.printf("[bench] groups per window up to %d x %d x 2%n", sources, destinations);
            System.out.printf("[bench] loaded %d raw docs in %d ms (%.0f docs/s), load %s%n", docs, loadMillis, docs * 1000.0 / loadMillis,
                    load());

            long dayEnd = base + 86_400_000L;
            String month = day.format(DateTimeFormatter.ofPattern("yyyy.MM"));
            // untimed warm-up: the composite aggregation both contenders run, paged through once without writing, so
            // the first contender does not pay alone for cold caches and the JIT compiling the aggregation code
            long w0 = System.nanoTime();
            JsonNode after = null;
            do {
                after = es.expectOk("POST", "/" + raw + "/_search", compositeQuery(base, dayEnd, pageSize, after))
                        .path("aggregations").path("r").path("after_key");
            } while (!after.isMissingNode());
            System.out.printf("[bench] warm-up pass (the composite aggregation, no writes) %d ms%n", (System.nanoTime() - w0) / 1_000_000);

            int rounds = Integer.getInteger("elkflow.bench.rounds", 4);
            List<Result> plugin = new ArrayList<>();
            List<Result> client = new ArrayList<>();
            boolean pluginFirst = !"client".equals(System.getProperty("elkflow.bench.first", "plugin"));
            for (int round = 1; round <= rounds; round++) {
                // alternate who goes first, so neither always finds the caches (and the JIT) warmer
                boolean pluginNow = (round % 2 == 1) == pluginFirst;
                for (int i = 0; i < 2; i++) {
                    settle(node);
                    if ((i == 0) == pluginNow) {
                        plugin.add(runPlugin(node, es, raw, month, dayEnd, round));
                    } else {
                        client.add(runClient(node, es, raw, month, base, dayEnd, pageSize, round));
                    }
                }
                Result p = plugin.get(plugin.size() - 1);
                Result c = client.get(client.size() - 1);
                System.out.printf(Locale.ROOT, "[bench] round %d (%s first): plugin end-to-end %d ms = %.0f raw docs/s, batch %d ms = %.0f raw docs/s,"
                                + " node CPU %d ms | client %d ms = %.0f raw docs/s, node CPU %d ms + client CPU %d ms"
                                + " | client/plugin: time %.2f (to batch %.2f), CPU %.2f | load %s%n",
                        round, pluginNow ? "plugin" : "client", p.millis, docs * 1000.0 / p.millis, p.batchMillis,
                        docs * 1000.0 / p.batchMillis, p.nodeCpuMillis, c.millis, docs * 1000.0 / c.millis, c.nodeCpuMillis, c.clientCpuMillis,
                        (double) c.millis / p.millis, (double) c.millis / p.batchMillis,
                        (double) (c.nodeCpuMillis + c.clientCpuMillis) / p.nodeCpuMillis, load());
                assertEquals(c.docs, p.docs, "both produce one document per bucket and group");
            }
            // round 1 runs the plugin's own code (and ES's indexing of this document shape) cold; the steady state is
            // the median of the later rounds, half of which start with the client
            List<Result> pw = rounds > 1 ? plugin.subList(1, rounds) : plugin;
            List<Result> cw = rounds > 1 ? client.subList(1, rounds) : client;
            long pm = median(pw, Result::millis);
            long pb = median(pw, Result::batchMillis);
            long pc = median(pw, Result::nodeCpuMillis);
            long cm = median(cw, Result::millis);
            long cc = median(cw, r -> r.nodeCpuMillis + r.clientCpuMillis);
            System.out.printf(Locale.ROOT, "[bench] %d raw docs -> %d rollup docs; median of rounds %s: plugin end-to-end %d ms = %.0f raw docs/s,"
                            + " batch %d ms = %.0f raw docs/s, node CPU %d ms; client %d ms = %.0f raw docs/s, CPU (node + client) %d ms;"
                            + " client/plugin time %.2f (to batch %.2f), CPU %.2f; load %s%n",
                    docs, p0(plugin).docs, rounds > 1 ? "2.." + rounds : "1", pm, docs * 1000.0 / pm, pb, docs * 1000.0 / pb, pc, cm,
                    docs * 1000.0 / cm, cc, (double) cm / pm, (double) cm / pb, (double) cc / pc, load());
            assertSameDocuments(es, PLUGIN_TARGET + month, CLIENT_TARGET + month);
            System.out.printf("[bench] store size of the rollup index: plugin %d bytes, client %d bytes%n",
                    storeBytes(es, PLUGIN_TARGET + month), storeBytes(es, CLIENT_TARGET + month));
        }
    }

    static Result p0(List<Result> results) {
        return results.get(0);
    }

    static long median(List<Result> results, java.util.function.ToLongFunction<Result> f) {
        long[] v = results.stream().mapToLong(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static final String PLUGIN_TARGET = "flows-rollup-5m-";
    static final String CLIENT_TARGET = "bench-client-rollup-5m-";
    static final String ROLLUP = "tm-5m";
    static final List<String> GROUPS = List.of("source.ip", "destination.ip", "network.transport");

    /**
     * One contender's figures: wall time seen by the benchmark, rollup documents, for the plugin its own batch time
     * (for the client the same as the wall time), CPU time of the Elasticsearch process and of the client (this
     * JVM, i.e. the JSON work a REST client does outside Elasticsearch; 0 for the plugin, whose explain polling is
     * not counted).
     */
    record Result(long millis, long docs, long batchMillis, long nodeCpuMillis, long clientCpuMillis) {
    }

    /**
     * The plugin: from {@code PUT _retention/policy} until explain shows the checkpoint at the end of the day (polled
     * every 100 ms), plus the batch's own timing from {@code _retention/stats}. Each round uses a new policy name
     * (new checkpoints) and starts without the target index, so every round does the same work.
     */
    static Result runPlugin(EsNode node, EsRestClient es, String raw, String month, long dayEnd, int round) throws Exception {
        String policy = "bench-" + round;
        if (round > 1) {
            es.expectOk("DELETE", "/_retention/policy/bench-" + (round - 1));
        }
        deleteIfExists(es, PLUGIN_TARGET + month);
        long cpu0 = cpuMillis(node.pid());
        long t0 = System.nanoTime();
        System.out.printf("[bench] round %d plugin starts at %d%n", round, System.currentTimeMillis());
        es.expectOk("PUT", "/_retention/policy/" + policy, """
                {"index_patterns": ["flows-*"],
                 "rollups": [{"name": "%s", "interval": "5m", "group_by": ["source.ip", "destination.ip", "network.transport"],
                   "metrics": {"network.bytes": ["sum"], "network.packets": ["sum"]},
                   "rates": [{"name": "bps", "field": "network.bytes", "multiplier": 8}],
                   "percentiles": {"event.duration": [95]}, "target": "%s{yyyy.MM}"}]}""".formatted(ROLLUP, PLUGIN_TARGET));
        while (true) {
            JsonNode ex = es.expectOk("GET", "/" + raw + "/_retention/explain");
            long cp = 0;
            for (JsonNode r : ex.path("rollups")) {
                if (policy.equals(r.path("policy").asText())) {
                    cp = r.path("checkpoint_millis").asLong(0);
                }
            }
            if (cp >= dayEnd) {
                break;
            }
            Thread.sleep(100);
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        long cpu = cpuMillis(node.pid()) - cpu0;
        System.out.printf("[bench] round %d plugin ends at %d%n", round, System.currentTimeMillis());
        JsonNode rollup = es.expectOk("GET", "/_retention/stats").path("rollups").path(policy + "/" + ROLLUP);
        JsonNode batches = rollup.path("batches_on_this_node");
        JsonNode last = rollup.path("last_batch");
        System.out.printf("[bench] round %d plugin batches: %s; last: %s%n", round, batches, last);
        return new Result(millis, batches.path("docs").asLong(), batches.path("took_millis").asLong(), cpu, 0);
    }

    /**
     * The same work from a client over REST, serially: create the target index with the plugin's settings and mapping,
     * page through the same composite aggregation (same query, sources and sub-aggregations) and bulk-write, per
     * page, the same documents under the same ids (same fields, same layout); then refresh.
     */
    static Result runClient(EsNode node, EsRestClient es, String raw, String month, long base, long dayEnd, int pageSize, int round)
            throws Exception {
        String target = CLIENT_TARGET + month;
        deleteIfExists(es, target);
        long cpu0 = cpuMillis(node.pid());
        long clientCpu0 = cpuMillis(ProcessHandle.current().pid());
        long t1 = System.nanoTime();
        System.out.printf("[bench] round %d client starts at %d%n", round, System.currentTimeMillis());
        es.expectOk("PUT", "/" + target, """
                {"settings": {"index.number_of_shards": 1},
                 "mappings": {"dynamic_templates": [{"digests": {"path_match": "*.digest", "mapping": {"type": "binary"}}},
                                                    {"strings": {"match_mapping_type": "string", "mapping": {"type": "keyword"}}}],
                              "properties": {"@timestamp": {"type": "date"}, "doc_count": {"type": "long"}}}}""");
        long searchNanos = 0;
        long buildNanos = 0;
        long bulkNanos = 0;
        long clientDocs = 0;
        JsonNode after = null;
        while (true) {
            String query = compositeQuery(base, dayEnd, pageSize, after);
            long s0 = System.nanoTime();
            JsonNode agg = es.expectOk("POST", "/" + raw + "/_search", query).path("aggregations").path("r");
            long b0 = System.nanoTime();
            searchNanos += b0 - s0;
            StringBuilder bulk = new StringBuilder();
            int n = 0;
            for (JsonNode b : agg.path("buckets")) {
                JsonNode k = b.path("key");
                long t = k.path("t").asLong();
                List<Object> groups = new ArrayList<>();
                for (int i = 0; i < GROUPS.size(); i++) {
                    JsonNode g = k.path("g" + i);
                    groups.add(g.isNull() ? null : g.asText());
                }
                double bytes = b.path("s0").path("value").asDouble();
                ObjectNode doc = JSON.createObjectNode();
                doc.put("@timestamp", t);
                doc.put("rollup", ROLLUP);
                doc.put("interval", "5m");
                doc.put("doc_count", b.path("doc_count").asLong());
                for (int i = 0; i < GROUPS.size(); i++) {
                    doc.set(GROUPS.get(i), k.path("g" + i));
                }
                doc.putObject("network.bytes").put("sum", bytes);
                doc.putObject("network.packets").put("sum", b.path("s1").path("value").asDouble());
                doc.put("bps", bytes * 8 / 300.0);
                JsonNode st = b.path("ps0");
                long count = st.path("count").asLong();
                ObjectNode d = doc.putObject("event.duration");
                d.set("p95", count == 0 ? null : b.path("p0").path("values").path("95.0"));
                d.put("count", count);
                d.set("min", count == 0 ? null : st.path("min"));
                d.set("max", count == 0 ? null : st.path("max"));
                bulk.append("{\"index\":{\"_id\":\"").append(RollupDocId.of(ROLLUP, t, groups)).append("\"}}\n")
                        .append(doc).append('\n');
                n++;
            }
            long k0 = System.nanoTime();
            buildNanos += k0 - b0;
            if (n > 0) {
                EsResponse r = es.bulk("/" + target + "/_bulk", bulk.toString());
                assertFalse(r.json().path("errors").asBoolean(), "client bulk failed");
            }
            bulkNanos += System.nanoTime() - k0;
            clientDocs += n;
            after = agg.path("after_key");
            if (after.isMissingNode() || n < pageSize) {
                break;
            }
        }
        long r0 = System.nanoTime();
        es.expectOk("POST", "/" + target + "/_refresh");
        long refreshMillis = (System.nanoTime() - r0) / 1_000_000;
        long millis = (System.nanoTime() - t1) / 1_000_000;
        long cpu = cpuMillis(node.pid()) - cpu0;
        long clientCpu = cpuMillis(ProcessHandle.current().pid()) - clientCpu0;
        System.out.printf("[bench] round %d client ends at %d%n", round, System.currentTimeMillis());
        System.out.printf("[bench] round %d client: search %d ms, build %d ms, bulk %d ms, refresh %d ms%n", round, searchNanos / 1_000_000,
                buildNanos / 1_000_000, bulkNanos / 1_000_000, refreshMillis);
        return new Result(millis, clientDocs, millis, cpu, clientCpu);
    }

    /** The composite aggregation of the rollup, as the plugin builds it (same query, sources and sub-aggregations). */
    static String compositeQuery(long from, long upTo, int pageSize, JsonNode after) throws IOException {
        ObjectNode composite = (ObjectNode) JSON.readTree("""
                {"size": %d, "sources": [
                  {"t": {"date_histogram": {"field": "@timestamp", "fixed_interval": "5m"}}},
                  {"g0": {"terms": {"field": "source.ip", "missing_bucket": true}}},
                  {"g1": {"terms": {"field": "destination.ip", "missing_bucket": true}}},
                  {"g2": {"terms": {"field": "network.transport", "missing_bucket": true}}}]}""".formatted(pageSize));
        if (after != null && !after.isMissingNode()) {
            composite.set("after", after);
        }
        return "{\"size\":0,\"track_total_hits\":false,"
                + "\"query\":{\"range\":{\"@timestamp\":{\"gte\":" + from + ",\"lt\":" + upTo + ",\"format\":\"epoch_millis\"}}},"
                + "\"aggs\":{\"r\":{\"composite\":" + composite
                + ",\"aggs\":{\"s0\":{\"sum\":{\"field\":\"network.bytes\"}},\"s1\":{\"sum\":{\"field\":\"network.packets\"}},"
                + "\"p0\":{\"percentiles\":{\"field\":\"event.duration\",\"percents\":[95]}},"
                + "\"ps0\":{\"stats\":{\"field\":\"event.duration\"}}}}}}";
    }

    /** CPU time (user + system) a process used so far. */
    static long cpuMillis(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(java.time.Duration::toMillis)
                .orElseThrow(() -> new IllegalStateException("CPU time of process " + pid + " is not readable"));
    }

    /**
     * Waits (at most 30 s) until the node is idle — under 5 % of a core over half a second — so merges and refreshes
     * that the previous contender's writes left behind do not run on the next contender's clock.
     */
    static void settle(EsNode node) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            long c0 = cpuMillis(node.pid());
            Thread.sleep(500);
            if (cpuMillis(node.pid()) - c0 < 25) {
                return;
            }
        }
    }

    /**
     * The two contenders wrote the same documents: for a sample of the client's documents, the plugin's index holds a
     * document under the same id with the same time, groups, counts, sums, rate and duration count/min/max. The p95 may
     * differ within the digest's error (the plugin reads it from its converted digest, the client from the
     * aggregation's), so it is only checked to lie within [min, max].
     */
    static void assertSameDocuments(EsRestClient es, String pluginIndex, String clientIndex) throws Exception {
        JsonNode hits = es.expectOk("POST", "/" + clientIndex + "/_search", "{\"size\": 500}").path("hits").path("hits");
        StringBuilder ids = new StringBuilder("{\"ids\": [");
        for (int i = 0; i < hits.size(); i++) {
            ids.append(i == 0 ? "" : ",").append('"').append(hits.get(i).path("_id").asText()).append('"');
        }
        JsonNode docs = es.expectOk("POST", "/" + pluginIndex + "/_mget", ids.append("]}").toString()).path("docs");
        assertEquals(hits.size(), docs.size());
        for (int i = 0; i < hits.size(); i++) {
            JsonNode c = hits.get(i).path("_source");
            assertTrue(docs.get(i).path("found").asBoolean(), "plugin has document " + hits.get(i).path("_id"));
            JsonNode p = docs.get(i).path("_source");
            for (String f : List.of("@timestamp", "rollup", "interval", "doc_count", "source.ip", "destination.ip", "network.transport", "bps")) {
                assertEquals(c.path(f).asText(), p.path(f).asText(), f);
            }
            assertEquals(c.path("network.bytes").path("sum").asDouble(), p.path("network.bytes").path("sum").asDouble());
            assertEquals(c.path("network.packets").path("sum").asDouble(), p.path("network.packets").path("sum").asDouble());
            JsonNode cd = c.path("event.duration");
            JsonNode pd = p.path("event.duration");
            for (String f : List.of("count", "min", "max")) {
                assertEquals(cd.path(f).asDouble(), pd.path(f).asDouble(), "event.duration." + f);
            }
            assertTrue(pd.path("p95").asDouble() >= pd.path("min").asDouble() && pd.path("p95").asDouble() <= pd.path("max").asDouble());
            assertEquals(fieldNames(c), fieldNames(p), "same fields");
        }
        System.out.printf("[bench] %d sampled documents identical in both rollup indices (p95 within min..max)%n", hits.size());
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                e.getValue().fieldNames().forEachRemaining(sub -> out.add(e.getKey() + "." + sub));
            } else {
                out.add(e.getKey());
            }
        });
        out.sort(String::compareTo);
        return out;
    }

    static long storeBytes(EsRestClient es, String index) {
        return es.expectOk("GET", "/" + index + "/_stats/store").path("_all").path("primaries").path("store").path("size_in_bytes").asLong();
    }

    static void deleteIfExists(EsRestClient es, String index) {
        EsResponse r = es.delete("/" + index);
        if (r.status() != 200 && r.status() != 404) {
            throw new IllegalStateException("delete " + index + ": " + r);
        }
    }

    /** The machine's load average (1, 5, 15 min), printed beside every figure: other builds share the 2 cores. */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}

package org.elkflow.retention.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.elkflow.estest.EsNode;
import org.elkflow.estest.EsResponse;
import org.elkflow.estest.EsRestClient;
import org.elkflow.estest.EsTestEnvironment;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
        int sources = Integer.getInteger("elkflow.bench.sources", 200);
        int destinations = Integer.getInteger("elkflow.bench.destinations", 20);
        try (EsNode node = EsNode.builder().name("retention-bench").clusterName("retention-bench")
                .plugin(EsTestEnvironment.pluginZip())
                .setting("elkflow.retention.poll_interval", "200ms")
                .setting("elkflow.retention.rollup.page_size", pageSize)
                .startTimeout(Duration.ofSeconds(300))
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
            System.out.printf("[bench] loaded %d raw docs in %d ms (%.0f docs/s)%n", docs, loadMillis, docs * 1000.0 / loadMillis);

            // untimed warm-up: one aggregation pass over all data, so neither contender pays for a cold cache
            long w0 = System.nanoTime();
            es.expectOk("POST", "/" + raw + "/_search", """
                    {"size": 0, "aggs": {"t": {"date_histogram": {"field": "@timestamp", "fixed_interval": "5m"},
                      "aggs": {"b": {"sum": {"field": "network.bytes"}}, "p": {"sum": {"field": "network.packets"}},
                               "d": {"percentiles": {"field": "event.duration", "percents": [95]}},
                               "g": {"cardinality": {"field": "source.ip"}}}}}}""");
            System.out.printf("[bench] warm-up pass %d ms%n", (System.nanoTime() - w0) / 1_000_000);

            // 1. the plugin
            long dayEnd = base + 86_400_000L;
            long t0 = System.nanoTime();
            es.expectOk("PUT", "/_retention/policy/bench", """
                    {"index_patterns": ["flows-*"],
                     "rollups": [{"name": "tm-5m", "interval": "5m", "group_by": ["source.ip", "destination.ip", "network.transport"],
                       "metrics": {"network.bytes": ["sum"], "network.packets": ["sum"]},
                       "rates": [{"name": "bps", "field": "network.bytes", "multiplier": 8}],
                       "percentiles": {"event.duration": [95]}, "target": "flows-rollup-5m-{yyyy.MM}"}]}""");
            while (true) {
                JsonNode ex = es.expectOk("GET", "/" + raw + "/_retention/explain");
                if (ex.path("rollups").path(0).path("checkpoint_millis").asLong(0) >= dayEnd) {
                    break;
                }
                Thread.sleep(100);
            }
            long pluginMillis = (System.nanoTime() - t0) / 1_000_000;
            JsonNode stats = es.expectOk("GET", "/_retention/stats");
            long pluginDocs = stats.path("rollup_docs_written").asLong();

            // 2. the same work from a client: composite aggregation over REST, bulk writes of the same documents
            long t1 = System.nanoTime();
            long clientDocs = 0;
            JsonNode after = null;
            while (true) {
                ObjectNode composite = (ObjectNode) JSON.readTree("""
                        {"size": %d, "sources": [
                          {"t": {"date_histogram": {"field": "@timestamp", "fixed_interval": "5m"}}},
                          {"g0": {"terms": {"field": "source.ip", "missing_bucket": true}}},
                          {"g1": {"terms": {"field": "destination.ip", "missing_bucket": true}}},
                          {"g2": {"terms": {"field": "network.transport", "missing_bucket": true}}}]}""".formatted(pageSize));
                if (after != null) {
                    composite.set("after", after);
                }
                String query = "{\"size\":0,\"track_total_hits\":false,\"aggs\":{\"r\":{\"composite\":" + composite
                        + ",\"aggs\":{\"b\":{\"sum\":{\"field\":\"network.bytes\"}},\"p\":{\"sum\":{\"field\":\"network.packets\"}},"
                        + "\"d\":{\"percentiles\":{\"field\":\"event.duration\",\"percents\":[95]}}}}}}";
                JsonNode agg = es.expectOk("POST", "/" + raw + "/_search", query).path("aggregations").path("r");
                StringBuilder bulk = new StringBuilder();
                int n = 0;
                for (JsonNode b : agg.path("buckets")) {
                    JsonNode k = b.path("key");
                    double bytes = b.path("b").path("value").asDouble();
                    String id = k.path("t").asText() + "|" + k.path("g0").asText() + "|" + k.path("g1").asText() + "|" + k.path("g2").asText();
                    ObjectNode doc = JSON.createObjectNode();
                    doc.put("@timestamp", k.path("t").asLong());
                    doc.set("source.ip", k.path("g0"));
                    doc.set("destination.ip", k.path("g1"));
                    doc.set("network.transport", k.path("g2"));
                    doc.put("doc_count", b.path("doc_count").asLong());
                    doc.putObject("network.bytes").put("sum", bytes);
                    doc.putObject("network.packets").put("sum", b.path("p").path("value").asDouble());
                    doc.put("bps", bytes * 8 / 300.0);
                    doc.putObject("event.duration").put("p95", b.path("d").path("values").path("95.0").asDouble());
                    bulk.append("{\"index\":{\"_id\":").append(JSON.writeValueAsString(id)).append("}}\n").append(doc).append('\n');
                    n++;
                }
                if (n > 0) {
                    EsResponse r = es.bulk("/bench-client-rollup/_bulk", bulk.toString());
                    assertFalse(r.json().path("errors").asBoolean(), "client bulk failed");
                }
                clientDocs += n;
                after = agg.path("after_key");
                if (after.isMissingNode() || n < pageSize) {
                    break;
                }
            }
            es.expectOk("POST", "/bench-client-rollup/_refresh");
            long clientMillis = (System.nanoTime() - t1) / 1_000_000;
            System.out.printf("[bench] raw docs %d, rollup docs plugin %d / client %d%n", docs, pluginDocs, clientDocs);
            System.out.printf("[bench] plugin: %d ms = %.0f raw docs/s%n", pluginMillis, docs * 1000.0 / pluginMillis);
            System.out.printf("[bench] client composite over REST: %d ms = %.0f raw docs/s%n", clientMillis, docs * 1000.0 / clientMillis);
            System.out.printf("[bench] ratio client time / plugin time = %.2f%n", (double) clientMillis / pluginMillis);
            assertEquals(clientDocs, pluginDocs, "both produce one document per bucket and group");
        }
    }
}

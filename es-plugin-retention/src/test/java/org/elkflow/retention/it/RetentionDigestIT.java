package org.elkflow.retention.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.elkflow.estest.Await;
import org.elkflow.estest.EsNode;
import org.elkflow.estest.EsResponse;
import org.elkflow.estest.EsRestClient;
import org.elkflow.estest.EsTestEnvironment;
import org.elkflow.sketch.ExactPercentiles;
import org.elkflow.sketch.MergingDigest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both elkflow plugins on one real node: es-ingest-percentiles' {@code histogram} processor writes a t-digest per
 * document at ingest, and a retention rollup merges those digests per 15-minute window and transaction type, then
 * a 1-hour cascade merges the 15-minute digests. Every merged result is checked against the raw samples: count,
 * min and max exactly, p50..p99 within the t-digest bound.
 */
class RetentionDigestIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long WINDOW = 900_000L;
    static final double[] PERCENTS = {50, 75, 90, 95, 99};
    static final String[] TYPES = {"payment", "search", "checkout", null};
    private static long classStart;
    private static EsNode node;
    private static EsRestClient es;

    @BeforeAll
    static void startNode() {
        classStart = System.nanoTime();
        node = EsNode.builder().name("retention-digest-it").clusterName("retention-digest-it")
                .plugin(EsTestEnvironment.pluginZip())
                .plugin(EsTestEnvironment.pluginZip("elkflow.percentiles.zip"))
                .setting("elkflow.retention.poll_interval", "1s")
                .build();
        node.start();
        es = node.client();
    }

    @AfterAll
    static void stopNode() {
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            System.out.println("[RetentionDigestIT] class took " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - classStart) + " ms");
        }
    }

    /** A rollup document's window start and group, in the form the expected buckets are keyed by. */
    private static String bucketKey(JsonNode source) {
        JsonNode type = source.path("transaction.type");
        return source.path("@timestamp").asLong() + "|" + (type.isNull() ? "null" : type.asText());
    }

    static void await(String what, long timeoutMillis, BooleanSupplier condition) {
        Await.until(what, timeoutMillis, condition, () -> "--- node log ---\n" + node.logTail(80));
    }

    static long count(String index) {
        EsResponse r = es.get("/" + index + "/_count");
        return r.status() == 200 ? r.json().path("count").asLong() : -1;
    }

    /** Raw samples and documents of one (window, group). */
    static final class Truth {
        final List<Double> samples = new ArrayList<>();
        long docs;
        double items;

        double[] sorted() {
            double[] s = samples.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(s);
            return s;
        }
    }

    @Test
    void bothPluginsLoadSideBySide() {
        JsonNode nodes = es.expectOk("GET", "/_nodes/plugins").path("nodes");
        List<String> names = new ArrayList<>();
        nodes.elements().next().path("plugins").forEach(p -> names.add(p.path("name").asText()));
        assertTrue(names.containsAll(List.of("es-ingest-percentiles", "es-plugin-retention")), names.toString());
        // each plugin's own copy of elkflow-sketch is in use: the processor writes a digest, retention answers
        JsonNode sim = es.expectOk("POST", "/_ingest/pipeline/_simulate", """
                {"pipeline": {"processors": [{"histogram": {"field": "rt", "outputs": ["digest"]}}]},
                 "docs": [{"_source": {"rt": [1, 2, 3]}}]}""");
        String digest = sim.path("docs").path(0).path("doc").path("_source").path("rt_digest").asText();
        assertEquals(3, MergingDigest.fromBytes(Base64.getDecoder().decode(digest)).count());
        es.expectOk("GET", "/_retention/stats");
    }

    @Test
    void rollupsAndCascadesMergeIngestDigestsExactly() throws Exception {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(2);
        String raw = "app-latency-" + day.format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
        String month = day.format(DateTimeFormatter.ofPattern("yyyy.MM"));
        long base = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + 6 * 3_600_000L;

        es.expectOk("PUT", "/_ingest/pipeline/app-latency", """
                {"processors": [{"histogram": {"tag": "rt-digest", "field": "rt", "digest_field": "latency_digest.rt",
                                               "outputs": ["digest"]}}]}""");
        es.expectOk("PUT", "/" + raw, """
                {"settings": {"number_of_shards": 2, "number_of_replicas": 0},
                 "mappings": {"properties": {"@timestamp": {"type": "date"}, "transaction.type": {"type": "keyword"},
                   "rt": {"type": "double"}, "items": {"type": "long"},
                   "latency_digest": {"properties": {"rt": {"type": "binary"}}}}}}""");

        // two 15-minute windows; checkout is slow in the first only; the missing type forms its own group
        Random rnd = new Random(11);
        Map<String, Truth> perWindow = new LinkedHashMap<>();
        Map<String, Truth> perHour = new LinkedHashMap<>();
        StringBuilder bulk = new StringBuilder();
        int id = 0;
        for (int window = 0; window < 2; window++) {
            for (String type : TYPES) {
                for (int doc = 0; doc < 40; doc++) {
                    boolean slow = "checkout".equals(type) && window == 0;
                    double[] rt = new double[1 + rnd.nextInt(60)];
                    for (int i = 0; i < rt.length; i++) {
                        double v = slow ? Math.exp(7 + 0.3 * rnd.nextGaussian()) : Math.exp(4 + 0.8 * rnd.nextGaussian());
                        rt[i] = Math.round(v * 10) / 10.0;
                    }
                    Map<String, Object> source = new HashMap<>();
                    source.put("@timestamp", base + window * WINDOW + rnd.nextInt((int) WINDOW));
                    if (type != null) {
                        source.put("transaction.type", type);
                    }
                    source.put("rt", rt);
                    long items = 0;
                    if ("payment".equals(type) || "search".equals(type)) {
                        items = 1 + rnd.nextInt(5);
                        source.put("items", items);
                    }
                    bulk.append("{\"index\":{\"_index\":\"").append(raw).append("\",\"_id\":\"d").append(id++).append("\"}}\n")
                            .append(JSON.writeValueAsString(source)).append('\n');
                    for (Truth t : List.of(perWindow.computeIfAbsent((base + window * WINDOW) + "|" + type, k -> new Truth()),
                            perHour.computeIfAbsent(base + "|" + type, k -> new Truth()))) {
                        t.docs++;
                        t.items += items;
                        Arrays.stream(rt).forEach(t.samples::add);
                    }
                }
            }
        }
        EsResponse br = es.bulk("/_bulk?pipeline=app-latency&refresh=true", bulk.toString());
        assertEquals(200, br.status(), br.toString());
        assertFalse(br.json().path("errors").asBoolean(), br.body());

        // a document whose digest is of an unknown layout version (as a future writer might produce): not merged,
        // counted; the document itself still counts in its group
        byte[] future = MergingDigest.of(MergingDigest.DEFAULT_COMPRESSION, 5).toBytes();
        future[2] = 2;
        es.expectOk("PUT", "/" + raw + "/_doc/corrupt-1?refresh=true", JSON.writeValueAsString(Map.of(
                "@timestamp", base + WINDOW + 60_000, "transaction.type", "search",
                "latency_digest", Map.of("rt", Base64.getEncoder().encodeToString(future)))));
        perWindow.get((base + WINDOW) + "|search").docs++;
        perHour.get(base + "|search").docs++;

        es.expectOk("PUT", "/_retention/policy/app-latency", """
                {"index_patterns": ["app-latency-*"],
                 "rollups": [
                   {"name": "lat-15m", "interval": "15m", "delay": "1m", "group_by": ["transaction.type"],
                    "metrics": {"items": ["sum"]},
                    "percentiles": {"rt": [50, 95]},
                    "digests": {"latency_digest.rt": [50, 75, 90, 95, 99]},
                    "target": "app-latency-rollup-15m-{yyyy.MM}"},
                   {"name": "lat-1h", "source_rollup": "lat-15m", "interval": "1h", "group_by": ["transaction.type"],
                    "digests": {"latency_digest.rt": [50, 75, 90, 95, 99]},
                    "target": "app-latency-rollup-1h-{yyyy.MM}"}],
                 "alerts": [{"name": "slow-digest-p95", "rollup": "lat-15m", "metric": "latency_digest.rt.p95",
                             "operator": "gt", "threshold": 800, "index": "retention-alerts-digest-it"}]}""");

        String fine = "app-latency-rollup-15m-" + month;
        String coarse = "app-latency-rollup-1h-" + month;
        await("15-minute rollup documents", 60_000, () -> count(fine) == perWindow.size());
        await("1-hour cascade documents", 60_000, () -> count(coarse) == perHour.size());

        JsonNode hits = es.expectOk("POST", "/" + fine + "/_search", "{\"size\": 100}").path("hits").path("hits");
        assertEquals(perWindow.size(), hits.size(), "one document per window and group");
        for (JsonNode h : hits) {
            JsonNode s = h.path("_source");
            String key = bucketKey(s);
            Truth t = perWindow.get(key);
            assertTrue(t != null, "unexpected bucket " + key + ": " + s);
            double[] sorted = t.sorted();
            assertEquals(t.docs, s.path("doc_count").asLong(), key);
            assertEquals(t.items, s.path("items").path("sum").asDouble(), 0.0, key);
            JsonNode merged = s.path("latency_digest.rt");
            assertMergedDigest(merged, sorted, key + " latency_digest.rt");
            MergingDigest stored = MergingDigest.fromBytes(Base64.getDecoder().decode(merged.path("digest").asText()));
            assertEquals(sorted.length, stored.count(), key);
            assertEquals(merged.path("p95").asDouble(), stored.percentile(95), 0.0, "stored p95 is the stored digest's");
            // the numeric field of the same samples, through Elasticsearch's percentiles aggregation: same count and
            // extremes, converted to the same digest format
            JsonNode numeric = s.path("rt");
            assertEquals(sorted.length, numeric.path("count").asLong(), key);
            assertEquals(sorted[0], numeric.path("min").asDouble(), 0.0, key);
            assertEquals(sorted[sorted.length - 1], numeric.path("max").asDouble(), 0.0, key);
            assertTrue(rankError(sorted, 0.95, numeric.path("p95").asDouble()) <= 0.02, key + " rt.p95");
            MergingDigest numericDigest = MergingDigest.fromBytes(Base64.getDecoder().decode(numeric.path("digest").asText()));
            assertEquals(sorted[0], numericDigest.min(), 0.0, key);
        }

        JsonNode hourHits = es.expectOk("POST", "/" + coarse + "/_search", "{\"size\": 100}").path("hits").path("hits");
        assertEquals(perHour.size(), hourHits.size());
        for (JsonNode h : hourHits) {
            JsonNode s = h.path("_source");
            String key = bucketKey(s);
            Truth t = perHour.get(key);
            assertTrue(t != null, "unexpected hourly bucket " + key + ": " + s);
            assertEquals(t.docs, s.path("doc_count").asLong(), key);
            assertMergedDigest(s.path("latency_digest.rt"), t.sorted(), key + " 1h latency_digest.rt");
        }

        // the rejected digest is counted once (with the checkpoint), named in stats and in the index's explain
        JsonNode stats = es.expectOk("GET", "/_retention/stats");
        assertEquals(1, stats.path("rollup_digests_rejected").asLong(), stats.toString());
        JsonNode perRollup = stats.path("rollups").path("app-latency/lat-15m");
        assertEquals(1, perRollup.path("digests_rejected").asLong(), stats.toString());
        String last = perRollup.path("last_digest_rejection").asText();
        assertTrue(last.contains("document [corrupt-1]") && last.contains("field [latency_digest.rt]")
                && last.contains("unsupported t-digest layout version 2"), last);
        assertEquals(0, stats.path("rollups").path("app-latency/lat-1h").path("digests_rejected").asLong(), stats.toString());
        JsonNode explain = es.expectOk("GET", "/" + raw + "/_retention/explain");
        assertEquals(1, explain.path("rollups").path(0).path("digests_rejected").asLong(), explain.toString());

        // an alert on the merged digest's p95 behaves as on any percentile: fires at the slow window, resolves after
        await("alert events", 40_000, () -> count("retention-alerts-digest-it") >= 2);
        Thread.sleep(2500); // a further tick must not add duplicates
        es.expectOk("POST", "/retention-alerts-digest-it/_refresh");
        JsonNode events = es.expectOk("POST", "/retention-alerts-digest-it/_search",
                "{\"size\": 100, \"sort\": [{\"@timestamp\": \"asc\"}]}").path("hits").path("hits");
        assertEquals(2, events.size(), events.toString());
        assertEquals("firing", events.get(0).path("_source").path("status").asText(), events.toString());
        assertEquals("checkout", events.get(0).path("_source").path("group").path("transaction.type").asText());
        assertEquals(base, events.get(0).path("_source").path("@timestamp").asLong());
        assertEquals("resolved", events.get(1).path("_source").path("status").asText());
        assertEquals(base + WINDOW, events.get(1).path("_source").path("@timestamp").asLong());

        // no duplicates after further ticks
        assertEquals(perWindow.size(), count(fine));
        assertEquals(perHour.size(), count(coarse));
    }

    /** Count, min and max exact; each percentile within the t-digest bound of the raw samples' R-7 rank. */
    static void assertMergedDigest(JsonNode merged, double[] sorted, String key) {
        ExactPercentiles exact = ExactPercentiles.of(sorted);
        assertEquals(sorted.length, merged.path("count").asLong(), key + ": " + merged);
        assertEquals(exact.min(), merged.path("min").asDouble(), 0.0, key);
        assertEquals(exact.max(), merged.path("max").asDouble(), 0.0, key);
        for (double p : PERCENTS) {
            double q = p / 100;
            double estimate = merged.path(p == Math.rint(p) ? "p" + (long) p : "p" + p).asDouble(Double.NaN);
            double error = rankError(sorted, q, estimate);
            // README (elkflow-sketch): rank error at most 0.5 % of q, plus one rank for the granularity of a finite sample
            assertTrue(error <= 0.005 * q + 1.0 / sorted.length, key + " p" + p + " = " + estimate + " (exact "
                    + exact.percentile(p) + ", n " + sorted.length + ") rank error " + error);
        }
    }

    /** Distance between q and the fractions [F(x−), F(x)] of the sample the estimate x covers. */
    static double rankError(double[] sorted, double q, double estimate) {
        int below = 0;
        int atMost = 0;
        for (double v : sorted) {
            if (v < estimate) {
                below++;
            }
            if (v <= estimate) {
                atMost++;
            }
        }
        double lo = below / (double) sorted.length;
        double hi = atMost / (double) sorted.length;
        return q < lo ? lo - q : (q > hi ? q - hi : 0.0);
    }
}

package org.elkflow.retention.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.elkflow.estest.Await;
import org.elkflow.estest.EsNode;
import org.elkflow.estest.EsResponse;
import org.elkflow.estest.EsRestClient;
import org.elkflow.estest.EsTestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Black-box tests of the retention plugin on one real Elasticsearch 8.19 node (integ-test-zip, plugin zip
 * installed). One node for the whole class; each test uses its own index names and policies.
 */
class RetentionSingleNodeIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd");
    private static long classStart;
    private static EsNode node;
    private static EsRestClient es;

    @BeforeAll
    static void startNode() {
        classStart = System.nanoTime();
        node = EsNode.builder().name("retention-it").clusterName("retention-it")
                .plugin(EsTestEnvironment.pluginZip())
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
            System.out.println("[RetentionSingleNodeIT] class took " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - classStart) + " ms");
        }
    }

    static String day(int daysAgo) {
        return LocalDate.now(ZoneOffset.UTC).minusDays(daysAgo).format(DAY);
    }

    static long dayStart(int daysAgo) {
        return LocalDate.now(ZoneOffset.UTC).minusDays(daysAgo).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    static String why(EsResponse r) {
        return r + "\n--- node log ---\n" + node.logTail(60);
    }

    static void await(String what, long timeoutMillis, BooleanSupplier condition) {
        Await.until(what, timeoutMillis, condition, () -> "--- node log ---\n" + node.logTail(80));
    }

    static boolean exists(String index) {
        return es.request("HEAD", "/" + index, null).status() == 200;
    }

    static void putPolicy(String name, String json) {
        EsResponse r = es.put("/_retention/policy/" + name, json);
        assertEquals(200, r.status(), why(r));
    }

    @Test
    void policiesRoundTrip() throws Exception {
        String policy = """
                {"index_patterns": ["rt-*"], "phases": {"delete": {"min_age": "8d"}},
                 "rollups": [{"name": "rt-5m", "interval": "5m", "group_by": ["a"], "metrics": {"b": ["sum", "avg"]},
                              "rates": [{"name": "bps", "field": "b", "multiplier": 8}], "percentiles": {"d": [50, 95]},
                              "target": "rtr-5m-{yyyy.MM}"}]}""";
        putPolicy("roundtrip", policy);
        JsonNode one = es.expectOk("GET", "/_retention/policy/roundtrip");
        assertEquals(JSON.readTree(policy), one.path("roundtrip").path("policy"));
        JsonNode all = es.expectOk("GET", "/_retention/policy");
        assertTrue(all.has("roundtrip"), all.toString());
        // visible in the cluster state custom, i.e. stored durably with the cluster metadata
        JsonNode state = es.expectOk("GET", "/_cluster/state/metadata");
        assertTrue(state.path("metadata").path("elkflow_retention").path("policies").has("roundtrip"), state.toString());
        assertEquals(200, es.delete("/_retention/policy/roundtrip").status());
        assertEquals(404, es.get("/_retention/policy/roundtrip").status());
        assertEquals(404, es.delete("/_retention/policy/roundtrip").status());
    }

    @Test
    void invalidPoliciesAreRejectedWithClearErrors() {
        EsResponse r = es.put("/_retention/policy/bad", """
                {"index_patterns": ["x-*"], "bogus": 1,
                 "phases": {"warm": {"min_age": "soon", "allocate": {"number_of_replicas": -1}}, "delete": {"min_age": "1d"}},
                 "rollups": [{"name": "r", "interval": "7m", "metrics": {"b": ["median"]}, "target": "x"}]}""");
        assertEquals(400, r.status(), r.toString());
        String reason = r.json().path("error").path("reason").asText();
        for (String expected : List.of("[bogus] unknown key", "[phases.warm.min_age] invalid duration [soon]",
                "[phases.warm.allocate.number_of_replicas] must be an integer >= 0, got [-1]",
                "[rollups[0].interval] [7m] must be at least 1s and divide a day evenly",
                "[rollups[0].metrics.b] unknown metric [median]")) {
            assertTrue(reason.contains(expected), expected + " in " + reason);
        }
        assertEquals(400, es.put("/_retention/policy/bad", "{}").status());
        assertEquals(400, es.put("/_retention/policy/Bad", "{\"index_patterns\":[\"x\"],\"phases\":{\"delete\":{\"min_age\":\"1d\"}}}").status());
        assertEquals(404, es.get("/_retention/policy/bad").status());
    }

    @Test
    void datedIndicesMoveThroughPhases() {
        String old = "life-" + day(5);
        String warm = "life-" + day(1);
        String fresh = "life-" + day(0);
        for (String index : List.of(old, warm, fresh)) {
            es.expectOk("PUT", "/" + index, "{\"settings\": {\"number_of_shards\": 1, \"number_of_replicas\": 0}}");
            es.expectOk("POST", "/" + index + "/_doc?refresh=true", "{\"@timestamp\": " + System.currentTimeMillis() + "}");
        }
        EsResponse sim = es.post("/_retention/policy/life/_simulate", """
                {"index_patterns": ["life-*"],
                 "phases": {"warm": {"min_age": "1d", "write_block": true, "force_merge": {"max_num_segments": 1},
                                     "allocate": {"number_of_replicas": 0}},
                            "delete": {"min_age": "3d"}}}""");
        assertEquals(200, sim.status(), why(sim));
        assertEquals(3, sim.json().path("indices").size(), sim.body());
        assertTrue(exists(old), "simulate changes nothing");

        putPolicy("life", """
                {"index_patterns": ["life-*"],
                 "phases": {"warm": {"min_age": "1d", "write_block": true, "force_merge": {"max_num_segments": 1},
                                     "allocate": {"number_of_replicas": 0}},
                            "delete": {"min_age": "3d"}}}""");
        await(old + " deleted", 30_000, () -> !exists(old));
        await(warm + " warm phase complete", 30_000, () -> {
            JsonNode ex = es.expectOk("GET", "/" + warm + "/_retention/explain");
            return "warm".equals(ex.path("phase").asText()) && ex.path("steps_done").asInt() == 3;
        });
        JsonNode settings = es.expectOk("GET", "/" + warm + "/_settings").path(warm).path("settings").path("index");
        assertEquals("true", settings.path("blocks").path("write").asText(), settings.toString());
        JsonNode ex = es.expectOk("GET", "/" + warm + "/_retention/explain");
        assertEquals("life", ex.path("policy").asText());
        assertEquals("wait", ex.path("next").path("action").asText(), ex.toString());
        assertEquals("delete", ex.path("next").path("phase").asText(), ex.toString());
        JsonNode freshEx = es.expectOk("GET", "/" + fresh + "/_retention/explain");
        assertEquals("hot", freshEx.path("phase").asText(), freshEx.toString());
        assertEquals("warm", freshEx.path("next").path("phase").asText(), freshEx.toString());
        assertTrue(exists(fresh));
        assertEquals(404, es.get("/nope-index/_retention/explain").status());
    }

    @Test
    void secondScaleAgesByCreationDate() {
        putPolicy("secs", """
                {"index_patterns": ["secs-*"], "index_date": {"source": "creation_date"},
                 "phases": {"warm": {"min_age": "2s", "write_block": true}, "delete": {"min_age": "6s"}}}""");
        es.expectOk("PUT", "/secs-a", "{\"settings\": {\"number_of_shards\": 1, \"number_of_replicas\": 0}}");
        await("secs-a write-blocked", 20_000, () -> "true".equals(es.expectOk("GET", "/secs-a/_settings")
                .path("secs-a").path("settings").path("index").path("blocks").path("write").asText()));
        assertTrue(exists("secs-a"), "not deleted before delete.min_age");
        await("secs-a deleted", 20_000, () -> !exists("secs-a"));
        // the counters are recorded right after the action completes
        await("stats count the actions", 10_000, () -> {
            JsonNode stats = es.expectOk("GET", "/_retention/stats");
            return stats.path("actions_run").asLong() >= 2 && stats.path("indices_deleted").asLong() >= 1;
        });
    }

    /** Raw flows of a day 2 days ago; 5m rollup; the raw index must outlive its rollup (delete phase is due). */
    @Test
    void rollupsEqualAnIndependentComputationAndGateTheDelete() throws Exception {
        String raw = "flows-" + day(2);
        es.expectOk("PUT", "/" + raw, """
                {"settings": {"number_of_shards": 2, "number_of_replicas": 0},
                 "mappings": {"properties": {"@timestamp": {"type": "date"}, "source.ip": {"type": "keyword"},
                   "destination.ip": {"type": "keyword"}, "network.transport": {"type": "keyword"},
                   "network.bytes": {"type": "long"}, "network.packets": {"type": "long"}, "event.duration": {"type": "long"}}}}""");
        Random rnd = new Random(42);
        String[] src = {"10.0.0.1", "10.0.0.2", "10.0.0.3"};
        String[] dst = {"192.168.1.1", "192.168.1.2"};
        String[] proto = {"tcp", "udp"};
        long base = dayStart(2);
        List<Map<String, Object>> docs = new ArrayList<>();
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            Map<String, Object> d = new HashMap<>();
            d.put("@timestamp", base + rnd.nextInt(2 * 3_600_000));
            d.put("source.ip", src[rnd.nextInt(src.length)]);
            d.put("destination.ip", dst[rnd.nextInt(dst.length)]);
            if (rnd.nextInt(10) > 0) {
                d.put("network.transport", proto[rnd.nextInt(proto.length)]);
            }
            d.put("network.bytes", 40 + rnd.nextInt(1_000_000));
            d.put("network.packets", 1 + rnd.nextInt(1000));
            d.put("event.duration", rnd.nextInt(5_000));
            docs.add(d);
            bulk.append("{\"index\":{}}\n").append(JSON.writeValueAsString(d)).append('\n');
        }
        EsResponse br = es.bulk("/" + raw + "/_bulk?refresh=true", bulk.toString());
        assertEquals(200, br.status(), why(br));
        assertFalse(br.json().path("errors").asBoolean(), br.body());

        String policy = """
                {"index_patterns": ["flows-*"], "phases": {"delete": {"min_age": "1d"}},
                 "rollups": [{"name": "tm-5m", "interval": "5m", "delay": "%s",
                   "group_by": ["source.ip", "destination.ip", "network.transport"],
                   "metrics": {"network.bytes": ["sum", "min", "max", "avg", "value_count"], "network.packets": ["sum"]},
                   "rates": [{"name": "bps", "field": "network.bytes", "multiplier": 8}],
                   "percentiles": {"event.duration": [50, 95]},
                   "target": "flows-rollup-5m-{yyyy.MM}"},
                  {"name": "tm-1h", "source_rollup": "tm-5m", "interval": "1h", "group_by": ["source.ip"],
                   "metrics": {"network.bytes": ["sum", "min", "max", "avg", "value_count"]},
                   "rates": [{"name": "bps", "field": "network.bytes", "multiplier": 8}],
                   "percentiles": {"event.duration": [95]}, "target": "flows-rollup-1h-{yyyy.MM}"}]}""";
        // 1. a delay of 5 days: no window is ready, so the due delete must wait and say why
        putPolicy("flows", policy.formatted("5d"));
        await("explain says delete waits for the rollup", 30_000, () -> es.expectOk("GET", "/" + raw + "/_retention/explain")
                .path("waiting_for").asText().contains("rollup [flows/tm-5m]"));
        assertTrue(exists(raw));
        // 2. delay of 1m: the rollup completes, then the raw index goes
        putPolicy("flows", policy.formatted("1m"));
        await(raw + " deleted after its rollup completed", 60_000, () -> !exists(raw));

        String target = "flows-rollup-5m-" + LocalDate.now(ZoneOffset.UTC).minusDays(2).format(DateTimeFormatter.ofPattern("yyyy.MM"));
        es.expectOk("POST", "/" + target + "/_refresh");
        JsonNode hits = es.expectOk("POST", "/" + target + "/_search", "{\"size\": 10000, \"query\": {\"term\": {\"rollup\": \"tm-5m\"}}}")
                .path("hits").path("hits");
        // independent computation
        Map<String, List<Map<String, Object>>> groups = new HashMap<>();
        for (Map<String, Object> d : docs) {
            long bucket = Math.floorDiv((Long) d.get("@timestamp"), 300_000L) * 300_000L;
            String key = bucket + "|" + d.get("source.ip") + "|" + d.get("destination.ip") + "|" + d.get("network.transport");
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(d);
        }
        assertEquals(groups.size(), hits.size(), "one rollup document per bucket and group");
        long docCount = 0;
        for (JsonNode h : hits) {
            JsonNode s = h.path("_source");
            String transport = s.path("network.transport").isNull() ? "null" : s.path("network.transport").asText();
            String key = s.path("@timestamp").asLong() + "|" + s.path("source.ip").asText() + "|" + s.path("destination.ip").asText()
                    + "|" + transport;
            List<Map<String, Object>> g = groups.get(key);
            assertTrue(g != null, "unexpected bucket " + key);
            long sum = 0, min = Long.MAX_VALUE, max = Long.MIN_VALUE, packets = 0;
            double[] dur = new double[g.size()];
            for (int i = 0; i < g.size(); i++) {
                long b = ((Number) g.get(i).get("network.bytes")).longValue();
                sum += b;
                min = Math.min(min, b);
                max = Math.max(max, b);
                packets += ((Number) g.get(i).get("network.packets")).longValue();
                dur[i] = ((Number) g.get(i).get("event.duration")).doubleValue();
            }
            JsonNode bytes = s.path("network.bytes");
            assertEquals(g.size(), s.path("doc_count").asLong(), key);
            assertEquals(sum, bytes.path("sum").asDouble(), 0.0, key);
            assertEquals(min, bytes.path("min").asDouble(), 0.0, key);
            assertEquals(max, bytes.path("max").asDouble(), 0.0, key);
            assertEquals(g.size(), bytes.path("value_count").asLong(), key);
            assertEquals((double) sum / g.size(), bytes.path("avg").asDouble(), 1e-9, key);
            assertEquals(packets, s.path("network.packets").path("sum").asDouble(), 0.0, key);
            assertEquals(sum * 8 / 300.0, s.path("bps").asDouble(), 1e-9 * Math.max(1, sum), key);
            Arrays.sort(dur);
            assertWithinRankBound(dur, 0.50, s.path("event.duration").path("p50").asDouble(), key);
            assertWithinRankBound(dur, 0.95, s.path("event.duration").path("p95").asDouble(), key);
            assertFalse(s.path("event.duration").path("digest").asText().isEmpty(), "digest kept for exact merges");
            assertEquals(g.size(), s.path("event.duration").path("count").asLong(), key);
            assertEquals(dur[0], s.path("event.duration").path("min").asDouble(), 0.0, key);
            assertEquals(dur[dur.length - 1], s.path("event.duration").path("max").asDouble(), 0.0, key);
            docCount += g.size();
        }
        assertEquals(docs.size(), docCount);
        JsonNode stats = es.expectOk("GET", "/_retention/stats");
        assertTrue(stats.path("rollup_docs_written").asLong() >= hits.size(), stats.toString());

        // the 1h cascade, computed from the 5m rollup documents (raw data is gone by now), equals the raw truth
        Map<String, List<Map<String, Object>>> hourly = new HashMap<>();
        for (Map<String, Object> d : docs) {
            long hour = Math.floorDiv((Long) d.get("@timestamp"), 3_600_000L) * 3_600_000L;
            hourly.computeIfAbsent(hour + "|" + d.get("source.ip"), k -> new ArrayList<>()).add(d);
        }
        String hourTarget = target.replace("-5m-", "-1h-");
        await("1h cascade complete", 30_000, () -> {
            EsResponse r = es.get("/" + hourTarget + "/_count");
            return r.status() == 200 && r.json().path("count").asLong() == hourly.size();
        });
        JsonNode hourHits = es.expectOk("POST", "/" + hourTarget + "/_search", "{\"size\": 1000}").path("hits").path("hits");
        assertEquals(hourly.size(), hourHits.size());
        for (JsonNode h : hourHits) {
            JsonNode s = h.path("_source");
            String key = s.path("@timestamp").asLong() + "|" + s.path("source.ip").asText();
            List<Map<String, Object>> g = hourly.get(key);
            assertTrue(g != null, "unexpected hourly bucket " + key);
            long sum = 0, min = Long.MAX_VALUE, max = Long.MIN_VALUE;
            double[] dur = new double[g.size()];
            for (int i = 0; i < g.size(); i++) {
                long b = ((Number) g.get(i).get("network.bytes")).longValue();
                sum += b;
                min = Math.min(min, b);
                max = Math.max(max, b);
                dur[i] = ((Number) g.get(i).get("event.duration")).doubleValue();
            }
            assertEquals(g.size(), s.path("doc_count").asLong(), key);
            assertEquals(sum, s.path("network.bytes").path("sum").asDouble(), 0.0, key);
            assertEquals(min, s.path("network.bytes").path("min").asDouble(), 0.0, key);
            assertEquals(max, s.path("network.bytes").path("max").asDouble(), 0.0, key);
            assertEquals(g.size(), s.path("network.bytes").path("value_count").asLong(), key);
            assertEquals((double) sum / g.size(), s.path("network.bytes").path("avg").asDouble(), 1e-9, key);
            assertEquals(sum * 8 / 3600.0, s.path("bps").asDouble(), 1e-9 * sum, key);
            Arrays.sort(dur);
            assertWithinRankBound(dur, 0.95, s.path("event.duration").path("p95").asDouble(), key, 0.02);
        }
    }

    /** T-digest bound: the estimate lies between the values one rank (plus 1 % of n) either side of the exact rank. */
    static void assertWithinRankBound(double[] sorted, double q, double estimate, String key) {
        assertWithinRankBound(sorted, q, estimate, key, 0.01);
    }

    /** As above with a rank slack of 1 + {@code fraction} × n (merged digests: 2 %). */
    static void assertWithinRankBound(double[] sorted, double q, double estimate, String key, double fraction) {
        int n = sorted.length;
        double rank = q * (n - 1);
        int slack = 1 + (int) Math.ceil(fraction * n);
        double lo = sorted[Math.max(0, (int) Math.floor(rank) - slack)];
        double hi = sorted[Math.min(n - 1, (int) Math.ceil(rank) + slack)];
        assertTrue(estimate >= lo && estimate <= hi, "p" + q + " " + estimate + " not in [" + lo + ", " + hi + "] for " + key
                + " " + Arrays.toString(sorted));
    }

    /** Latency p95 per 15 minutes by transaction.type; alert when p95 > 800 for 2 consecutive windows. */
    @Test
    void alertsFireAndResolve() throws Exception {
        String raw = "latency-" + day(2);
        es.expectOk("PUT", "/" + raw, """
                {"settings": {"number_of_shards": 1, "number_of_replicas": 0},
                 "mappings": {"properties": {"@timestamp": {"type": "date"}, "transaction.type": {"type": "keyword"},
                   "latency": {"type": "long"}}}}""");
        long base = dayStart(2) + 6 * 3_600_000L;
        long w = 900_000L;
        StringBuilder bulk = new StringBuilder();
        Random rnd = new Random(7);
        for (int window = 0; window < 8; window++) {
            boolean slow = window >= 2 && window <= 4;
            for (int i = 0; i < 40; i++) {
                long t = base + window * w + rnd.nextInt((int) w);
                bulk.append("{\"index\":{}}\n").append(JSON.writeValueAsString(Map.of("@timestamp", t, "transaction.type", "checkout",
                        "latency", slow ? 1000 + rnd.nextInt(500) : 50 + rnd.nextInt(200)))).append('\n');
                bulk.append("{\"index\":{}}\n").append(JSON.writeValueAsString(Map.of("@timestamp", t, "transaction.type", "search",
                        "latency", 20 + rnd.nextInt(100)))).append('\n');
            }
        }
        EsResponse br = es.bulk("/" + raw + "/_bulk?refresh=true", bulk.toString());
        assertFalse(br.json().path("errors").asBoolean(), br.body());
        putPolicy("latency", """
                {"index_patterns": ["latency-*"],
                 "rollups": [{"name": "lat-15m", "interval": "15m", "group_by": ["transaction.type"],
                   "percentiles": {"latency": [50, 95]}, "metrics": {"latency": ["max"]}, "target": "latency-rollup-15m"}],
                 "alerts": [{"name": "slow-p95", "rollup": "lat-15m", "metric": "latency.p95", "operator": "gt",
                   "threshold": 800, "consecutive_windows": 2, "index": "retention-alerts-it"}]}""");
        await("alert events written", 40_000, () -> {
            EsResponse r = es.get("/retention-alerts-it/_count");
            return r.status() == 200 && r.json().path("count").asLong() >= 2;
        });
        Thread.sleep(2500); // a further tick must not add duplicates
        es.expectOk("POST", "/retention-alerts-it/_refresh");
        JsonNode hits = es.expectOk("POST", "/retention-alerts-it/_search",
                "{\"size\": 100, \"sort\": [{\"@timestamp\": \"asc\"}]}").path("hits").path("hits");
        assertEquals(2, hits.size(), hits.toString());
        JsonNode firing = hits.get(0).path("_source");
        JsonNode resolved = hits.get(1).path("_source");
        assertEquals("firing", firing.path("status").asText(), hits.toString());
        assertEquals("checkout", firing.path("group").path("transaction.type").asText(), hits.toString());
        assertEquals(base + 3 * w, firing.path("@timestamp").asLong(), "fires at the second consecutive slow window");
        assertTrue(firing.path("value").asDouble() > 800);
        assertEquals("resolved", resolved.path("status").asText());
        assertEquals(base + 5 * w, resolved.path("@timestamp").asLong(), "resolves at the first normal window");
        JsonNode stats = es.expectOk("GET", "/_retention/stats");
        assertEquals(2, stats.path("alert_events_written").asLong(), stats.toString());
        assertTrue(!stats.path("rollups").path("latency/lat-15m").path("watermark").isNull(), stats.toString());
    }

    /** A step that cannot succeed (force merge of a closed index) is reported and retried with backoff, not skipped. */
    @Test
    void failuresAreReportedAndRetriedWithBackoff() {
        String index = "broken-" + day(1);
        es.expectOk("PUT", "/" + index, "{\"settings\": {\"number_of_shards\": 1, \"number_of_replicas\": 0}}");
        es.expectOk("POST", "/" + index + "/_close");
        putPolicy("broken", """
                {"index_patterns": ["broken-*"], "phases": {"warm": {"min_age": "1d", "force_merge": {"max_num_segments": 1}}}}""");
        await("failure recorded twice", 30_000, () -> es.expectOk("GET", "/" + index + "/_retention/explain").path("failures").asInt() >= 2);
        JsonNode ex = es.expectOk("GET", "/" + index + "/_retention/explain");
        assertEquals("hot", ex.path("phase").asText(), ex.toString());
        assertEquals("warm/force_merge", ex.path("last_action").asText(), ex.toString());
        assertFalse(ex.path("last_error").asText().isEmpty(), ex.toString());
        assertTrue(ex.path("retry_at").asLong() > ex.path("last_action_at").asLong(), "backoff: " + ex);
        assertEquals("wait", ex.path("next").path("action").asText(), ex.toString());
        assertTrue(ex.path("next").path("reason").asText().startsWith("retrying [warm/force_merge]"), ex.toString());
        assertTrue(es.expectOk("GET", "/_retention/stats").path("failures").asLong() >= 2);
        // once the cause is gone the step succeeds
        es.expectOk("POST", "/" + index + "/_open");
        await("force merge done after reopening", 40_000, () -> es.expectOk("GET", "/" + index + "/_retention/explain")
                .path("steps_done").asInt() == 1);
        es.expectOk("DELETE", "/_retention/policy/broken");
    }

    /**
     * A policy starts at once, and a rollup that stops at max_windows_per_run with more windows ready continues in the
     * next tick right away: with a poll interval of an hour, a day of 5-minute windows in batches of 12 (24 batches)
     * completes within a minute. Each batch's timing is reported in stats and explain.
     */
    @Test
    void backlogIsWorkedOffWithoutWaitingForThePollInterval() throws Exception {
        String raw = "backlog-" + day(2);
        long base = dayStart(2);
        es.expectOk("PUT", "/" + raw, """
                {"settings": {"number_of_shards": 1, "number_of_replicas": 0},
                 "mappings": {"properties": {"@timestamp": {"type": "date"}, "host": {"type": "keyword"}, "bytes": {"type": "long"}}}}""");
        StringBuilder bulk = new StringBuilder();
        int total = 2000;
        for (int i = 0; i < total; i++) {
            bulk.append("{\"index\":{}}\n{\"@timestamp\":").append(base + i * (86_400_000L / total))
                    .append(",\"host\":\"h").append(i % 3).append("\",\"bytes\":").append(i).append("}\n");
        }
        EsResponse br = es.bulk("/" + raw + "/_bulk?refresh=true", bulk.toString());
        assertFalse(br.json().path("errors").asBoolean(), br.body());
        es.expectOk("PUT", "/_cluster/settings", """
                {"persistent": {"elkflow.retention.poll_interval": "1h", "elkflow.retention.rollup.max_windows_per_run": 12}}""");
        try {
            long t0 = System.nanoTime();
            putPolicy("backlog", """
                    {"index_patterns": ["backlog-*"],
                     "rollups": [{"name": "bl-5m", "interval": "5m", "group_by": ["host"], "metrics": {"bytes": ["sum"]},
                                  "target": "bl-rollup-5m-{yyyy.MM.dd}"}]}""");
            await("the whole day rolled up in 24 batches", 60_000, () -> es.expectOk("GET", "/" + raw + "/_retention/explain")
                    .path("rollups").path(0).path("checkpoint_millis").asLong() == base + 86_400_000L);
            System.out.println("[RetentionSingleNodeIT] 24 batches of 12 windows in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms with a 1h poll interval");
            JsonNode rollup = es.expectOk("GET", "/_retention/stats").path("rollups").path("backlog/bl-5m");
            JsonNode totals = rollup.path("batches_on_this_node");
            assertEquals(24, totals.path("batches").asInt(), rollup.toString());
            assertEquals(288, totals.path("windows").asInt(), rollup.toString());
            JsonNode last = rollup.path("last_batch");
            assertEquals(raw, last.path("index").asText(), rollup.toString());
            assertEquals(12, last.path("windows").asInt(), rollup.toString());
            assertTrue(last.path("pages").asInt() >= 1, rollup.toString());
            // the parts that run one after the other fit into the batch's time; searches and bulks overlap each other
            long sequential = last.path("bounds_millis").asLong() + last.path("create_indices_millis").asLong()
                    + last.path("refresh_millis").asLong() + last.path("checkpoint_millis").asLong();
            assertTrue(sequential <= last.path("took_millis").asLong(), rollup.toString());
            assertTrue(last.path("search_millis").asLong() <= last.path("took_millis").asLong(), rollup.toString());
            JsonNode ex = es.expectOk("GET", "/" + raw + "/_retention/explain").path("rollups").path(0);
            assertEquals(last.path("started_at"), ex.path("last_batch").path("started_at"), ex.toString());
            // and every raw document was counted exactly once
            es.expectOk("POST", "/bl-rollup-5m-*/_refresh");
            JsonNode sums = es.expectOk("POST", "/bl-rollup-5m-*/_search", """
                    {"size": 0, "track_total_hits": true, "aggs": {"docs": {"sum": {"field": "doc_count"}},
                     "bytes": {"sum": {"field": "bytes.sum"}}}}""");
            assertEquals(total, sums.path("aggregations").path("docs").path("value").asLong(), sums.toString());
            assertEquals((long) total * (total - 1) / 2, sums.path("aggregations").path("bytes").path("value").asLong(), sums.toString());
            assertEquals(totals.path("docs").asLong(), sums.path("hits").path("total").path("value").asLong(), sums.toString());
        } finally {
            es.expectOk("PUT", "/_cluster/settings", """
                    {"persistent": {"elkflow.retention.poll_interval": null, "elkflow.retention.rollup.max_windows_per_run": null}}""");
            es.expectOk("DELETE", "/_retention/policy/backlog");
        }
    }

    @Test
    void pollIntervalIsADynamicClusterSetting() {
        es.expectOk("PUT", "/_cluster/settings", "{\"persistent\": {\"elkflow.retention.poll_interval\": \"500ms\"}}");
        JsonNode s = es.expectOk("GET", "/_cluster/settings");
        assertEquals("500ms", s.path("persistent").path("elkflow").path("retention").path("poll_interval").asText(), s.toString());
        assertEquals(400, es.put("/_cluster/settings", "{\"persistent\": {\"elkflow.retention.poll_interval\": \"1ms\"}}").status());
        es.expectOk("PUT", "/_cluster/settings", "{\"persistent\": {\"elkflow.retention.poll_interval\": null}}");
    }
}

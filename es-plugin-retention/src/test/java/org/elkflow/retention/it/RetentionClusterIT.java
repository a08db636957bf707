package org.elkflow.retention.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.elkflow.estest.Await;
import org.elkflow.estest.EsCluster;
import org.elkflow.estest.EsNode;
import org.elkflow.estest.EsResponse;
import org.elkflow.estest.EsRestClient;
import org.elkflow.estest.EsTestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three real nodes on loopback ({@code node.attr.box_type} hot, hot, warm), one cluster for the whole class, one
 * scenario: a rollup and warm-phase transitions are running when the elected master is killed with SIGKILL; the
 * new master finishes them (no missing or duplicated rollup bucket, raw data not deleted before its rollup
 * completed, shards relocated to the warm node); then a full restart of all nodes keeps policies, per-index
 * progress and checkpoints.
 */
class RetentionClusterIT {

    static final ObjectMapper JSON = new ObjectMapper();
    private static long classStart;
    private static EsCluster cluster;

    @BeforeAll
    static void startCluster() {
        classStart = System.nanoTime();
        cluster = EsCluster.builder().clusterName("retention-cluster-it")
                .plugin(EsTestEnvironment.pluginZip())
                .setting("elkflow.retention.poll_interval", "1s")
                .node("hot-1", b -> b.attribute("box_type", "hot"))
                .node("hot-2", b -> b.attribute("box_type", "hot"))
                .node("warm-1", b -> b.attribute("box_type", "warm"))
                .build();
        cluster.start();
        System.out.println("[RetentionClusterIT] 3 nodes up in " + cluster.lastStartMillis() + " ms");
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            System.out.println("[RetentionClusterIT] class took " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - classStart) + " ms");
        }
    }

    static EsRestClient es() {
        return cluster.client();
    }

    static String day(int daysAgo) {
        return LocalDate.now(ZoneOffset.UTC).minusDays(daysAgo).format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
    }

    static void await(String what, long timeoutMillis, BooleanSupplier condition) {
        // a node may be going away while the condition is read: that is "not yet", not a failure
        Await.untilTolerating(what, timeoutMillis, condition, () -> cluster.diagnostics(40));
    }

    static boolean exists(String index) {
        return es().request("HEAD", "/" + index, null).status() == 200;
    }

    @Test
    void failoverDuringRollupAndPhaseTransitionThenFullRestart() throws Exception {
        // slow the rollup down so the failover lands in the middle of it: 12 windows per batch, small pages
        es().expectOk("PUT", "/_cluster/settings", """
                {"persistent": {"elkflow.retention.rollup.max_windows_per_run": 12, "elkflow.retention.rollup.page_size": 25}}""");
        String raw = "flows-" + day(2);
        es().expectOk("PUT", "/" + raw, """
                {"settings": {"number_of_shards": 2, "number_of_replicas": 1, "index.routing.allocation.require.box_type": "hot"},
                 "mappings": {"properties": {"@timestamp": {"type": "date"}, "source.ip": {"type": "keyword"},
                   "destination.ip": {"type": "keyword"}, "network.transport": {"type": "keyword"},
                   "network.bytes": {"type": "long"}}}}""");
        long base = LocalDate.now(ZoneOffset.UTC).minusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        Random rnd = new Random(3);
        Map<String, long[]> expected = new HashMap<>(); // bucket|group -> count, bytes
        int total = 30_000;
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < total; i++) {
            long t = base + (long) rnd.nextInt(86_400_000);
            String src = "10.0.0." + rnd.nextInt(3);
            String dst = "10.1.0." + rnd.nextInt(2);
            String proto = rnd.nextBoolean() ? "tcp" : "udp";
            long bytes = 40 + rnd.nextInt(100_000);
            long bucket = Math.floorDiv(t, 300_000L) * 300_000L;
            long[] e = expected.computeIfAbsent(bucket + "|" + src + "|" + dst + "|" + proto, k -> new long[2]);
            e[0]++;
            e[1] += bytes;
            bulk.append("{\"index\":{}}\n").append(JSON.writeValueAsString(Map.of("@timestamp", t, "source.ip", src,
                    "destination.ip", dst, "network.transport", proto, "network.bytes", bytes))).append('\n');
            if (bulk.length() > 2_000_000 || i == total - 1) {
                EsResponse r = es().bulk("/" + raw + "/_bulk", bulk.toString());
                assertFalse(r.json().path("errors").asBoolean(), r.body().substring(0, Math.min(2000, r.body().length())));
                bulk.setLength(0);
            }
        }
        es().expectOk("POST", "/" + raw + "/_refresh");

        String[] moving = {"moves-" + day(1), "moves-" + day(2)};
        for (String index : moving) {
            es().expectOk("PUT", "/" + index, """
                    {"settings": {"number_of_shards": 2, "number_of_replicas": 1, "index.routing.allocation.require.box_type": "hot"}}""");
            es().expectOk("POST", "/" + index + "/_doc?refresh=true", "{\"@timestamp\": " + System.currentTimeMillis() + "}");
        }
        cluster.waitForHealth("green", 3, Duration.ofSeconds(60));

        es().expectOk("PUT", "/_retention/policy/moves", """
                {"index_patterns": ["moves-*"],
                 "phases": {"warm": {"min_age": "1d", "write_block": true, "force_merge": {"max_num_segments": 1},
                   "allocate": {"require": {"box_type": "warm"}, "number_of_replicas": 0}}}}""");
        es().expectOk("PUT", "/_retention/policy/flows", """
                {"index_patterns": ["flows-*"], "phases": {"delete": {"min_age": "1d"}},
                 "rollups": [{"name": "tm-5m", "interval": "5m", "group_by": ["source.ip", "destination.ip", "network.transport"],
                   "metrics": {"network.bytes": ["sum"]}, "rates": [{"name": "bps", "field": "network.bytes", "multiplier": 8}],
                   "target": "flows-rollup-5m-{yyyy.MM.dd}"}]}""");

        // kill -9 the elected master while the rollup is under way (and phase steps are running)
        await("rollup under way", 60_000, () -> es().expectOk("GET", "/_retention/stats").path("rollup_batches").asLong() >= 2);
        assertTrue(exists(raw), "raw index still there while its rollup is incomplete");
        EsNode master = cluster.electedMaster();
        JsonNode before = es().expectOk("GET", "/_retention/stats");
        master.kill();
        System.out.println("[RetentionClusterIT] killed master " + master.name() + " at " + before);
        await("a new master", 60_000, () -> {
            String m = es().expectOk("GET", "/_cat/master?format=json").path(0).path("node").asText();
            return !m.isEmpty() && !m.equals(master.name());
        });
        master.restart();
        cluster.waitForHealth(null, 3, Duration.ofSeconds(120));

        // the new master finishes: rollup complete, then (and only then) the raw index is deleted
        await(raw + " deleted after its rollup completed", 240_000, () -> !exists(raw));
        String target = "flows-rollup-5m-" + day(2);
        es().expectOk("POST", "/" + target + "/_refresh");
        JsonNode hits = es().expectOk("POST", "/" + target + "/_search", "{\"size\": 10000, \"track_total_hits\": true}").path("hits");
        assertEquals(expected.size(), hits.path("total").path("value").asLong(), "exactly one document per bucket and group");
        Set<String> seen = new HashSet<>();
        long docCount = 0;
        for (JsonNode h : hits.path("hits")) {
            JsonNode s = h.path("_source");
            String key = s.path("@timestamp").asLong() + "|" + s.path("source.ip").asText() + "|" + s.path("destination.ip").asText()
                    + "|" + s.path("network.transport").asText();
            long[] e = expected.get(key);
            assertTrue(e != null, "unexpected bucket " + key);
            assertTrue(seen.add(key), "duplicate bucket " + key);
            assertEquals(e[0], s.path("doc_count").asLong(), key);
            assertEquals(e[1], s.path("network.bytes").path("sum").asDouble(), 0.0, key);
            assertEquals(e[1] * 8 / 300.0, s.path("bps").asDouble(), 1e-6, key);
            docCount += e[0];
        }
        assertEquals(total, docCount, "no missing bucket: every raw document is counted once");

        // phase transitions finished on the new master, shards relocated to the warm node
        for (String index : moving) {
            try {
                await(index + " warm phase complete", 120_000, () -> {
                    JsonNode ex = es().expectOk("GET", "/" + index + "/_retention/explain");
                    return "warm".equals(ex.path("phase").asText()) && ex.path("steps_done").asInt() == 3;
                });
            } catch (AssertionError e) {
                // what the plugin says it waits for, and where the shards are
                throw new AssertionError(es().request("GET", "/" + index + "/_retention/explain", null).body() + "\n"
                        + es().request("GET", "/_cat/shards/" + index + "?v", null).body(), e);
            }
            await(index + " shards on the warm node", 120_000, () -> {
                JsonNode shards = es().expectOk("GET", "/_cat/shards/" + index + "?format=json");
                if (shards.size() != 2) {
                    return false;
                }
                for (JsonNode sh : shards) {
                    if (!"STARTED".equals(sh.path("state").asText()) || !"warm-1".equals(sh.path("node").asText())) {
                        return false;
                    }
                }
                return true;
            });
        }

        // full restart: stop every node, start them all again
        JsonNode policiesBefore = es().expectOk("GET", "/_retention/policy");
        JsonNode customBefore = es().expectOk("GET", "/_cluster/state/metadata").path("metadata").path("elkflow_retention");
        JsonNode explainBefore = es().expectOk("GET", "/" + moving[0] + "/_retention/explain");
        assertFalse(customBefore.path("checkpoints").isEmpty(), customBefore.toString());
        for (EsNode node : cluster.nodes()) {
            node.stop();
        }
        cluster.start();
        cluster.waitForHealth("yellow", 3, Duration.ofSeconds(120));
        assertEquals(policiesBefore, es().expectOk("GET", "/_retention/policy"));
        JsonNode customAfter = es().expectOk("GET", "/_cluster/state/metadata").path("metadata").path("elkflow_retention");
        assertEquals(customBefore.path("policies"), customAfter.path("policies"));
        assertEquals(customBefore.path("indices"), customAfter.path("indices"));
        for (var it = customBefore.path("checkpoints").fields(); it.hasNext(); ) {
            var e = it.next();
            assertTrue(customAfter.path("checkpoints").path(e.getKey()).asLong() >= e.getValue().asLong(),
                    "checkpoint " + e.getKey() + " kept: " + customAfter);
        }
        JsonNode explainAfter = es().expectOk("GET", "/" + moving[0] + "/_retention/explain");
        for (String f : new String[] {"policy", "phase", "steps_done", "last_action", "last_action_at", "phase_entered_at"}) {
            assertEquals(explainBefore.path(f), explainAfter.path(f), f);
        }
        assertNotEquals(0, es().expectOk("GET", "/_retention/stats").path("actions_run").asLong());
    }
}

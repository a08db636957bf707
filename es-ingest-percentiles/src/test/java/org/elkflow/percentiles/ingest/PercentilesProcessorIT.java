package org.elkflow.percentiles.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.elkflow.estest.EsNode;
import org.elkflow.estest.EsResponse;
import org.elkflow.estest.EsRestClient;
import org.elkflow.estest.EsTestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Black-box test of the {@code percentiles} processor on a real Elasticsearch 8.19 node (the integ-test-zip),
 * with the plugin zip from this build installed by {@code elasticsearch-plugin install}. One node for the class.
 */
class PercentilesProcessorIT {

    private static final double TOLERANCE = 1e-9;

    private static long classStartNanos;
    private static EsNode node;
    private static EsRestClient es;

    @BeforeAll
    static void startNode() {
        classStartNanos = System.nanoTime();
        node = EsNode.builder()
                .name("percentiles-it")
                .clusterName("percentiles-it")
                .plugin(EsTestEnvironment.pluginZip())
                .build();
        node.start();
        es = node.client();
        System.out.println("[PercentilesProcessorIT] node start took " + node.lastStartMillis() + " ms"
                + " (copy + plugin install " + node.prepareMillis() + " ms before that)");
    }

    @AfterAll
    static void stopNode() {
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            System.out.println("[PercentilesProcessorIT] whole class took "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - classStartNanos) + " ms");
        }
    }

    /** R-7, computed independently of the plugin. */
    private static double expected(double[] values, double p) {
        double[] x = values.clone();
        java.util.Arrays.sort(x);
        double rank = p / 100 * (x.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, x.length - 1);
        return x[lo] + (rank - lo) * (x[hi] - x[lo]);
    }

    private static String why(EsResponse response) {
        return response + "\n--- node log ---\n" + node.logTail(40);
    }

    private static void assertPercentiles(JsonNode target, double[] values, double... percents) {
        assertEquals(percents.length, target.size(), "exactly the percentile keys: " + target);
        for (double p : percents) {
            String key = PercentilesProcessor.keyFor(p);
            assertTrue(target.has(key), key + " in " + target);
            assertEquals(expected(values, p), target.get(key).asDouble(), TOLERANCE, key + " in " + target);
        }
    }

    private static List<String> reasons(JsonNode json) {
        List<String> reasons = new ArrayList<>();
        json.findValues("reason").forEach(r -> reasons.add(r.asText()));
        return reasons;
    }

    @Test
    void nodeListsThePercentilesProcessor() {
        JsonNode nodes = es.expectOk("GET", "/_nodes/ingest").path("nodes");
        assertEquals(1, nodes.size(), nodes.toString());
        JsonNode processors = nodes.elements().next().path("ingest").path("processors");
        assertTrue(StreamSupport.stream(processors.spliterator(), false)
                .anyMatch(p -> "percentiles".equals(p.path("type").asText())), processors.toString());
    }

    @Test
    void simulateWithAnInlinePipeline() {
        double[] latency = {120, 15, 33, 48, 250, 17, 19, 21, 1800, 40, 55};
        EsResponse response = es.post("/_ingest/pipeline/_simulate", """
                {"pipeline": {"processors": [
                   {"percentiles": {"field": "latency", "percents": [50, 90, 99.9]}}
                 ]},
                 "docs": [
                   {"_source": {"latency": [120, 15, 33, 48, 250, 17, 19, 21, 1800, 40, 55]}},
                   {"_source": {"latency": [5]}}
                 ]}""");
        assertEquals(200, response.status(), why(response));
        JsonNode docs = response.json().path("docs");
        assertPercentiles(docs.path(0).path("doc").path("_source").path("latency_percentiles"), latency, 50, 90, 99.9);
        assertPercentiles(docs.path(1).path("doc").path("_source").path("latency_percentiles"), new double[] {5}, 50, 90, 99.9);
    }

    @Test
    void simulateReportsBadDocumentsAndHonoursIgnoreMissing() {
        EsResponse response = es.post("/_ingest/pipeline/_simulate", """
                {"pipeline": {"processors": [{"percentiles": {"field": "v", "ignore_missing": true}}]},
                 "docs": [
                   {"_source": {"other": 1}},
                   {"_source": {"v": []}},
                   {"_source": {"v": "12"}}
                 ]}""");
        assertEquals(200, response.status(), why(response));
        JsonNode docs = response.json().path("docs");
        assertEquals("{\"other\":1}", docs.path(0).path("doc").path("_source").toString(), "unchanged");
        assertTrue(reasons(docs.path(1)).contains("field [v] is an empty array; at least one value is needed"),
                docs.path(1).toString());
        assertTrue(reasons(docs.path(2)).contains("field [v] is of type [string], but an array of numbers is needed"),
                docs.path(2).toString());
    }

    @Test
    void indexThroughAStoredPipelineAndReadBack() {
        es.expectOk("PUT", "/_ingest/pipeline/latency-pcts", """
                {"description": "percentiles of request latencies",
                 "processors": [{"percentiles": {"tag": "lat", "field": "http.latency_ms"}}]}""");
        // all decimals: dynamic mapping takes the type of the first element for the whole source array
        double[] latency = {3.5, 9.0, 4.25, 7.0, 12.5, 100.0, 8.0, 6.0, 5.0, 2.0};
        EsResponse indexed = es.put("/pcts-stored/_doc/1?pipeline=latency-pcts&refresh=true", """
                {"http": {"latency_ms": [3.5, 9.0, 4.25, 7.0, 12.5, 100.0, 8.0, 6.0, 5.0, 2.0]}}""");
        assertEquals(201, indexed.status(), why(indexed));
        JsonNode source = es.expectOk("GET", "/pcts-stored/_doc/1").path("_source");
        assertPercentiles(source.path("http.latency_ms_percentiles").isMissingNode()
                ? source.path("http").path("latency_ms_percentiles")
                : source.path("http.latency_ms_percentiles"), latency, 50, 75, 90, 95, 99);
        assertEquals(10, source.path("http").path("latency_ms").size(), "source array kept");
    }

    @Test
    void fractionalPercentsNextToWholeOnesNeedSubobjectsFalse() {
        // "p99.9" is a dotted field name: dynamic mapping would expand it under an object "p99", which clashes
        // with the number "p99". An object mapped with subobjects:false keeps such names flat.
        es.expectOk("PUT", "/pcts-fractional", """
                {"mappings": {"properties": {"rt_percentiles": {"type": "object", "subobjects": false}}}}""");
        es.expectOk("PUT", "/_ingest/pipeline/rt-pcts", """
                {"processors": [{"percentiles": {"field": "rt", "percents": [99, 99.9]}}]}""");
        EsResponse indexed = es.put("/pcts-fractional/_doc/1?pipeline=rt-pcts&refresh=true", """
                {"rt": [1, 2, 3, 4, 5, 6, 7, 8, 9, 1000]}""");
        assertEquals(201, indexed.status(), why(indexed));
        JsonNode target = es.expectOk("GET", "/pcts-fractional/_doc/1").path("_source").path("rt_percentiles");
        assertPercentiles(target, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 1000}, 99, 99.9);
        JsonNode mapping = es.expectOk("GET", "/pcts-fractional/_mapping")
                .path("pcts-fractional").path("mappings").path("properties").path("rt_percentiles").path("properties");
        assertTrue(mapping.has("p99") && mapping.has("p99.9"), mapping.toString());

        // Without that mapping the same document is rejected: the pitfall the README warns about.
        EsResponse dotted = es.put("/pcts-dotted/_doc/1?pipeline=rt-pcts&refresh=true", """
                {"rt": [1, 2, 3]}""");
        assertEquals(400, dotted.status(), why(dotted));
        assertTrue(dotted.body().contains("p99"), dotted.body());
    }

    @Test
    void invalidPercentsAreRejectedWhenThePipelineIsStored() {
        EsResponse response = es.put("/_ingest/pipeline/bad-percents", """
                {"processors": [{"percentiles": {"tag": "bad-tag", "field": "x", "percents": [50, 101]}}]}""");
        assertEquals(400, response.status(), why(response));
        String body = response.body();
        assertTrue(body.contains("\"property_name\":\"percents\""), body);
        assertTrue(body.contains("\"processor_tag\":\"bad-tag\""), body);
        assertTrue(body.contains("\"processor_type\":\"percentiles\""), body);
        assertTrue(reasons(response.json()).stream().anyMatch(r -> r.startsWith("[percents] [101] is out of range")), body);
        assertEquals(404, es.get("/_ingest/pipeline/bad-percents").status(), "not stored");

        EsResponse unknownKey = es.put("/_ingest/pipeline/bad-key", """
                {"processors": [{"percentiles": {"field": "x", "percentz": [50]}}]}""");
        assertEquals(400, unknownKey.status(), why(unknownKey));
        assertTrue(unknownKey.body().contains("percentz"), unknownKey.body());
    }

    @Test
    void badElementFailsTheIndexRequest() {
        es.expectOk("PUT", "/_ingest/pipeline/strict-pcts", """
                {"processors": [{"percentiles": {"tag": "strict", "field": "latency"}}]}""");
        EsResponse response = es.put("/pcts-strict/_doc/1?pipeline=strict-pcts&refresh=true", """
                {"latency": [1, 2, 3, "abc"]}""");
        assertEquals(400, response.status(), why(response));
        assertTrue(reasons(response.json()).contains("field [latency] element [3] is not a finite number: \"abc\""),
                response.body());
        assertEquals(404, es.get("/pcts-strict/_doc/1").status(), "nothing indexed");
    }

    @Test
    void badElementRunsOnFailure() {
        // The integ-test-zip has no ingest-common processors (no "set"), so the on_failure handler is another
        // percentiles processor whose output proves it ran.
        es.expectOk("PUT", "/_ingest/pipeline/fallback-pcts", """
                {"processors": [{"percentiles": {
                   "tag": "primary", "field": "latency",
                   "on_failure": [{"percentiles": {"field": "fallback", "target_field": "failed_over", "percents": [50]}}]
                 }}]}""");
        EsResponse bad = es.put("/pcts-fallback/_doc/1?pipeline=fallback-pcts&refresh=true", """
                {"latency": ["fast", "slow"], "fallback": [10, 20, 30]}""");
        assertEquals(201, bad.status(), why(bad));
        JsonNode source = es.expectOk("GET", "/pcts-fallback/_doc/1").path("_source");
        assertEquals(20.0, source.path("failed_over").path("p50").asDouble(), TOLERANCE, source.toString());
        assertFalse(source.has("latency_percentiles"), source.toString());

        EsResponse good = es.put("/pcts-fallback/_doc/2?pipeline=fallback-pcts&refresh=true", """
                {"latency": [1, 3], "fallback": [10, 20, 30]}""");
        assertEquals(201, good.status(), why(good));
        JsonNode goodSource = es.expectOk("GET", "/pcts-fallback/_doc/2").path("_source");
        assertEquals(2.0, goodSource.path("latency_percentiles").path("p50").asDouble(), TOLERANCE, goodSource.toString());
        assertFalse(goodSource.has("failed_over"), "on_failure did not run: " + goodSource);
    }

    @Test
    void ignoreFailureKeepsTheDocument() {
        es.expectOk("PUT", "/_ingest/pipeline/lenient-pcts", """
                {"processors": [{"percentiles": {"field": "latency", "ignore_failure": true}}]}""");
        EsResponse response = es.put("/pcts-lenient/_doc/1?pipeline=lenient-pcts&refresh=true", """
                {"latency": "not an array"}""");
        assertEquals(201, response.status(), why(response));
        JsonNode source = es.expectOk("GET", "/pcts-lenient/_doc/1").path("_source");
        assertEquals("{\"latency\":\"not an array\"}", source.toString());
    }
}

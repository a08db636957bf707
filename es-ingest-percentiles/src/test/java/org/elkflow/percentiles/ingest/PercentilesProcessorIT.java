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

    private static final List<String> STATS = List.of("count", "min", "max", "sum", "avg");

    private static void assertPercentiles(JsonNode target, double[] values, double... percents) {
        assertEquals(percents.length + STATS.size(), target.size(), "exactly the percentile and stats keys: " + target);
        STATS.forEach(stat -> assertTrue(target.has(stat), stat + " in " + target));
        assertEquals(values.length, target.get("count").asLong());
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
    void nodeListsTheProcessors() {
        JsonNode nodes = es.expectOk("GET", "/_nodes/ingest").path("nodes");
        assertEquals(1, nodes.size(), nodes.toString());
        JsonNode processors = nodes.elements().next().path("ingest").path("processors");
        for (String type : List.of("percentiles", "histogram", "latency_extract")) {
            assertTrue(StreamSupport.stream(processors.spliterator(), false)
                    .anyMatch(p -> type.equals(p.path("type").asText())), type + " in " + processors);
        }
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
                   {"_source": {"v": true}}
                 ]}""");
        assertEquals(200, response.status(), why(response));
        JsonNode docs = response.json().path("docs");
        assertEquals("{\"other\":1}", docs.path(0).path("doc").path("_source").toString(), "unchanged");
        assertTrue(reasons(docs.path(1)).contains("field [v] is an empty array; at least one value is needed"),
                docs.path(1).toString());
        assertTrue(reasons(docs.path(2)).contains("field [v] is of type [boolean], but an array of numbers, a histogram object or a digest string is needed"),
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
    void fractionalPercentsGetUnderscoreKeysThatNeedNoSpecialMapping() {
        // "p99.9" would be a dotted field name that dynamic mapping expands under an object "p99", clashing with
        // the number "p99"; the processor writes "p99_9" instead, so any index takes the document.
        es.expectOk("PUT", "/_ingest/pipeline/rt-pcts", """
                {"processors": [{"percentiles": {"field": "rt", "percents": [99, 99.9]}}]}""");
        EsResponse indexed = es.put("/pcts-fractional/_doc/1?pipeline=rt-pcts&refresh=true", """
                {"rt": [1, 2, 3, 4, 5, 6, 7, 8, 9, 1000]}""");
        assertEquals(201, indexed.status(), why(indexed));
        JsonNode target = es.expectOk("GET", "/pcts-fractional/_doc/1").path("_source").path("rt_percentiles");
        assertPercentiles(target, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 1000}, 99, 99.9);
        JsonNode mapping = es.expectOk("GET", "/pcts-fractional/_mapping")
                .path("pcts-fractional").path("mappings").path("properties").path("rt_percentiles").path("properties");
        assertTrue(mapping.has("p99") && mapping.has("p99_9"), mapping.toString());
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

    // ------------------------------------------------------------------------------------- issue 7 processors

    private static JsonNode source(String index, String id) {
        return es.expectOk("GET", "/" + index + "/_doc/" + id).path("_source");
    }

    private static String numbers(double[] values) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            json.append(i == 0 ? "" : ",").append(values[i]);
        }
        return json.append(']').toString();
    }

    @Test
    void appLatencyPipelineEndToEndWithTheQueryForP95PerTypePer15Minutes() {
        es.expectOk("PUT", "/_ingest/pipeline/app-latency", """
                {"processors": [
                  {"latency_extract": {"tag": "extract", "field": "message", "keep_keys": ["os", "device"]}},
                  {"histogram": {"tag": "hist-payment", "field": "latency.by_type.payment.rt",
                                 "target_field": "latency_hist.payment", "digest_field": "latency_digest.payment",
                                 "ignore_missing": true}},
                  {"percentiles": {"tag": "pct-payment", "field": "latency.by_type.payment.rt",
                                   "target_field": "latency_pct.payment", "percents": [50, 75, 90, 95],
                                   "ignore_missing": true}},
                  {"percentiles": {"tag": "pct-payment-digest", "field": "latency_digest.payment",
                                   "target_field": "latency_pct_from_digest.payment", "percents": [50, 75, 90, 95],
                                   "ignore_missing": true}}
                ]}""");
        es.expectOk("PUT", "/app-latency-1", """
                {"mappings": {"properties": {
                   "@timestamp": {"type": "date"},
                   "message": {"type": "text"},
                   "latency": {"properties": {
                      "statements": {"type": "nested", "properties": {
                         "type": {"type": "keyword"}, "rt": {"type": "double"},
                         "os": {"type": "keyword"}, "device": {"type": "keyword"}}},
                      "by_type": {"type": "object", "enabled": false}}},
                   "latency_hist": {"type": "object", "enabled": false},
                   "latency_digest": {"type": "object", "enabled": false}
                 }}}""");
        String[] messages = {
            "type=payment rt=120ms os=ios device=iphone13; type=search rt=0.25s os=ios; type=payment rt=95 os=ios",
            "type=payment rt=310ms os=android device=pixel7; type=cold_start rt=1.8s os=android",
            "type=search rt=80ms os=android; type=payment rt=0.2s os=android; type=search rt=120000us",
            "type=payment rt=150ms os=ios; type=image_load rt=40ms os=ios",
        };
        String[] times = {"2026-01-01T10:01:00Z", "2026-01-01T10:07:00Z", "2026-01-01T10:16:00Z",
            "2026-01-01T10:29:00Z"};
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < messages.length; i++) {
            bulk.append("{\"index\":{\"_id\":\"").append(i).append("\"}}\n")
                    .append("{\"@timestamp\":\"").append(times[i]).append("\",\"message\":\"").append(messages[i])
                    .append("\"}\n");
        }
        EsResponse bulked = es.bulk("/app-latency-1/_bulk?pipeline=app-latency&refresh=true", bulk.toString());
        assertEquals(200, bulked.status(), why(bulked));
        assertFalse(bulked.json().path("errors").asBoolean(), bulked.body());

        JsonNode first = source("app-latency-1", "0");
        assertEquals(3, first.path("latency").path("count").asInt(), first.toString());
        assertEquals("[120.0,95.0]", first.path("latency").path("by_type").path("payment").path("rt").toString());
        assertEquals("iphone13", first.path("latency").path("statements").path(0).path("device").asText());
        assertEquals(250.0, first.path("latency").path("statements").path(1).path("rt").asDouble(), TOLERANCE);
        assertPercentiles(first.path("latency_pct").path("payment"), new double[] {120, 95}, 50, 75, 90, 95);
        assertEquals("[95.0,120.0]", first.path("latency_hist").path("payment").path("values").toString());
        assertEquals("[1,1]", first.path("latency_hist").path("payment").path("counts").toString());
        // the digest read back by the percentiles processor gives the same (exact, small sample) answer
        assertEquals(first.path("latency_pct").path("payment"), first.path("latency_pct_from_digest").path("payment"));

        // p95 per transaction type per 15 minutes, from the nested statements (works without x-pack analytics)
        JsonNode aggs = es.expectOk("POST", "/app-latency-1/_search", """
                {"size": 0, "aggs": {"per_15m": {
                   "date_histogram": {"field": "@timestamp", "fixed_interval": "15m"},
                   "aggs": {"statements": {"nested": {"path": "latency.statements"},
                     "aggs": {"per_type": {"terms": {"field": "latency.statements.type"},
                       "aggs": {"rt": {"percentiles": {"field": "latency.statements.rt",
                                                        "percents": [50, 75, 90, 95]}}}}}}}}}}""")
                .path("aggregations");
        JsonNode buckets = aggs.path("per_15m").path("buckets");
        assertEquals(2, buckets.size(), aggs.toString());
        JsonNode firstWindow = buckets.path(0).path("statements").path("per_type").path("buckets");
        JsonNode payment = StreamSupport.stream(firstWindow.spliterator(), false)
                .filter(b -> "payment".equals(b.path("key").asText())).findFirst().orElseThrow();
        assertEquals(3, payment.path("doc_count").asInt(), firstWindow.toString());
        double p95 = payment.path("rt").path("values").path("95.0").asDouble();
        assertTrue(p95 >= 95 && p95 <= 310, "p95 of payment (95, 120, 310 ms) in the first window: " + p95);
        System.out.println("[PercentilesProcessorIT] p95 per type per 15m: " + buckets);

        // processors with their tags in ingest stats
        JsonNode stats = es.expectOk("GET", "/_nodes/stats/ingest").path("nodes").elements().next()
                .path("ingest").path("pipelines").path("app-latency").path("processors");
        List<String> names = new ArrayList<>();
        stats.forEach(p -> p.fieldNames().forEachRemaining(names::add));
        assertTrue(names.contains("latency_extract:extract") && names.contains("histogram:hist-payment")
                && names.contains("percentiles:pct-payment"), names + " in " + stats);
        JsonNode extractStats = stats.path(0).path("latency_extract:extract");
        assertEquals("latency_extract", extractStats.path("type").asText(), stats.toString());
        assertEquals(4, extractStats.path("stats").path("count").asInt(), stats.toString());
    }

    @Test
    void histogramFieldTypeAvailability() {
        // The histogram field type comes from x-pack analytics, which the integ-test-zip lacks; the default
        // distribution has it (basic license). This test records which case this node is, and checks the value.
        EsResponse probe = es.put("/hist-probe", """
                {"mappings": {"properties": {"rt_histogram": {"type": "histogram"}}}}""");
        System.out.println("[PercentilesProcessorIT] histogram field type: HTTP " + probe.status() + " "
                + (probe.status() == 200 ? "available" : reasons(probe.json())));
        es.expectOk("PUT", "/_ingest/pipeline/hist-only", """
                {"processors": [{"histogram": {"field": "rt", "outputs": ["histogram"]}}]}""");
        if (probe.status() == 200) {
            EsResponse indexed = es.put("/hist-probe/_doc/1?pipeline=hist-only&refresh=true", """
                    {"rt": [10, 20, 20, 30, 40]}""");
            assertEquals(201, indexed.status(), why(indexed));
            JsonNode agg = es.expectOk("POST", "/hist-probe/_search", """
                    {"size": 0, "aggs": {"p": {"percentiles": {"field": "rt_histogram", "percents": [50]}}}}""");
            assertEquals(20.0, agg.path("aggregations").path("p").path("values").path("50.0").asDouble(), 1.0);
        } else {
            assertEquals(400, probe.status(), why(probe));
            assertTrue(reasons(probe.json()).stream().anyMatch(r -> r.contains("The mapper type [histogram] declared on field [rt_histogram] does not exist")),
                    probe.body());
            // without the type, the same document is kept as an unindexed object
            es.expectOk("PUT", "/hist-plain", """
                    {"mappings": {"properties": {"rt_histogram": {"type": "object", "enabled": false}}}}""");
            EsResponse indexed = es.put("/hist-plain/_doc/1?pipeline=hist-only&refresh=true", """
                    {"rt": [10, 20, 20, 30, 40]}""");
            assertEquals(201, indexed.status(), why(indexed));
            JsonNode histogram = source("hist-plain", "1").path("rt_histogram");
            assertEquals("[10.0,20.0,30.0,40.0]", histogram.path("values").toString());
            assertEquals("[1,2,1,1]", histogram.path("counts").toString());
        }
    }

    @Test
    void digestsWrittenByTheNodeMergeLikeTheDigestOfTheUnion() {
        es.expectOk("PUT", "/_ingest/pipeline/digest-only", """
                {"processors": [{"histogram": {"field": "rt", "outputs": ["digest"]}}]}""");
        es.expectOk("PUT", "/digests", """
                {"mappings": {"properties": {"rt": {"type": "double", "index": false, "doc_values": false},
                                             "rt_digest": {"type": "binary"}}}}""");
        java.util.Random random = new java.util.Random(17);
        double[] a = new double[3000];
        double[] b = new double[3000];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.exp(4 + random.nextGaussian());
            b[i] = random.nextDouble() < 0.6 ? 80 + 10 * random.nextGaussian() : 900 + 100 * random.nextGaussian();
        }
        double[] union = new double[a.length + b.length];
        System.arraycopy(a, 0, union, 0, a.length);
        System.arraycopy(b, 0, union, a.length, b.length);
        assertEquals(201, es.put("/digests/_doc/a?pipeline=digest-only", "{\"rt\": " + numbers(a) + "}").status());
        assertEquals(201, es.put("/digests/_doc/b?pipeline=digest-only", "{\"rt\": " + numbers(b) + "}").status());
        assertEquals(201, es.put("/digests/_doc/ab?pipeline=digest-only&refresh=true",
                "{\"rt\": " + numbers(union) + "}").status());
        java.util.function.Function<String, org.elkflow.sketch.MergingDigest> digestOf = id ->
                org.elkflow.sketch.MergingDigest.fromBytes(java.util.Base64.getDecoder().decode(
                        source("digests", id).path("rt_digest").asText()));
        org.elkflow.sketch.MergingDigest merged = digestOf.apply("a");
        merged.add(digestOf.apply("b"));
        org.elkflow.sketch.MergingDigest direct = digestOf.apply("ab");
        double[] sorted = union.clone();
        java.util.Arrays.sort(sorted);
        for (double p : new double[] {50, 75, 90, 95, 99}) {
            for (var digest : List.of(merged, direct)) {
                double estimate = digest.percentile(p);
                int rank = 0;
                while (rank < sorted.length && sorted[rank] <= estimate) {
                    rank++;
                }
                double error = Math.abs(rank / (double) sorted.length - p / 100);
                assertTrue(error <= 0.005 * p / 100 + 1.0 / sorted.length, "p" + p + " rank error " + error);
            }
        }
        assertEquals(direct.count(), merged.count());
        assertEquals(direct.min(), merged.min());
        assertEquals(direct.max(), merged.max());
    }

    @Test
    void latencyExtractFormatsInSimulate() {
        EsResponse response = es.post("/_ingest/pipeline/_simulate", """
                {"pipeline": {"processors": [
                   {"latency_extract": {"field": "json_msg", "target_field": "j", "format": "json",
                                        "type_key": "tx.type", "time_keys": ["duration"], "default_unit": "s",
                                        "ignore_missing": true}},
                   {"latency_extract": {"field": "log", "target_field": "r", "format": "regex",
                                        "pattern": "(?<type>\\\\w+) took (?<rt>[0-9.]+)(?<unit>ms|s)",
                                        "ignore_missing": true}}
                 ]},
                 "docs": [
                   {"_source": {"json_msg": "[{\\"tx\\": {\\"type\\": \\"search\\"}, \\"duration\\": 0.5}, {\\"tx\\": {\\"type\\": \\"search\\"}, \\"duration\\": \\"20ms\\"}]"}},
                   {"_source": {"log": "payment took 12ms then search took 1.5s"}}
                 ]}""");
        assertEquals(200, response.status(), why(response));
        JsonNode docs = response.json().path("docs");
        assertEquals("{\"search\":{\"duration\":[500.0,20.0]}}",
                docs.path(0).path("doc").path("_source").path("j").path("by_type").toString(), docs.toString());
        assertEquals("{\"payment\":{\"rt\":[12.0]},\"search\":{\"rt\":[1500.0]}}",
                docs.path(1).path("doc").path("_source").path("r").path("by_type").toString(), docs.toString());
    }

    @Test
    void invalidDefinitionsOfTheNewProcessorsAreRejectedWithTheirTag() {
        EsResponse badRegex = es.put("/_ingest/pipeline/bad-regex", """
                {"processors": [{"latency_extract": {"tag": "rx", "format": "regex", "pattern": "(?<rt>[0-9"}}]}""");
        assertEquals(400, badRegex.status(), why(badRegex));
        assertTrue(badRegex.body().contains("\"processor_tag\":\"rx\""), badRegex.body());
        assertTrue(badRegex.body().contains("\"property_name\":\"pattern\""), badRegex.body());
        assertTrue(reasons(badRegex.json()).stream().anyMatch(r -> r.startsWith("[pattern] does not compile")),
                badRegex.body());

        EsResponse badCompression = es.put("/_ingest/pipeline/bad-compression", """
                {"processors": [{"histogram": {"tag": "h1", "field": "x", "compression": 5}}]}""");
        assertEquals(400, badCompression.status(), why(badCompression));
        assertTrue(badCompression.body().contains("\"processor_tag\":\"h1\""), badCompression.body());
        assertTrue(reasons(badCompression.json()).stream().anyMatch(r -> r.startsWith("[compression] [5] is out of range")),
                badCompression.body());

        EsResponse badMethod = es.put("/_ingest/pipeline/bad-method", """
                {"processors": [{"percentiles": {"tag": "m1", "field": "x", "method": "hdr"}}]}""");
        assertEquals(400, badMethod.status(), why(badMethod));
        assertTrue(badMethod.body().contains("\"processor_tag\":\"m1\""), badMethod.body());
        assertEquals(404, es.get("/_ingest/pipeline/bad-regex").status());
    }

    @Test
    void latencyExtractFailureRunsOnFailure() {
        es.expectOk("PUT", "/_ingest/pipeline/extract-fallback", """
                {"processors": [{"latency_extract": {"tag": "x1",
                   "on_failure": [{"histogram": {"field": "fallback", "outputs": ["histogram"]}}]}}]}""");
        EsResponse bad = es.put("/extract-fallback/_doc/1?pipeline=extract-fallback&refresh=true", """
                {"message": "type=payment rt=fast", "fallback": [1, 1, 2]}""");
        assertEquals(201, bad.status(), why(bad));
        JsonNode source = source("extract-fallback", "1");
        assertEquals("[2,1]", source.path("fallback_histogram").path("counts").toString(), source.toString());
        assertFalse(source.has("latency"), source.toString());

        EsResponse failed = es.put("/extract-strict/_doc/1?pipeline=app-latency-strict", "{}");
        assertEquals(400, failed.status());
        es.expectOk("PUT", "/_ingest/pipeline/extract-strict", """
                {"processors": [{"latency_extract": {"tag": "x2"}}]}""");
        EsResponse rejected = es.put("/extract-strict/_doc/1?pipeline=extract-strict", """
                {"message": "type=payment rt=12parsecs"}""");
        assertEquals(400, rejected.status(), why(rejected));
        assertTrue(reasons(rejected.json()).contains(
                "field [message] statement [0] key [rt]: [12parsecs] has an unknown time unit [parsecs]; known: ns, us, ms, s, m"),
                rejected.body());
    }

    @Test
    void exactPercentilesEqualElasticsearchsOwnPercentilesAggregationOnSmallSamples() {
        // Elasticsearch 8.19's percentiles aggregation keeps small samples exactly (its digest sorts the values) and
        // then interpolates like R-7; the processor's exact method must give the same numbers.
        es.expectOk("PUT", "/_ingest/pipeline/agg-compare", """
                {"processors": [{"percentiles": {"field": "rt", "percents": [1, 25, 50, 75, 90, 95, 99, 99.9]}}]}""");
        es.expectOk("PUT", "/agg-compare", """
                {"mappings": {"properties": {"rt": {"type": "double"}}}}""");
        EsResponse indexed = es.put("/agg-compare/_doc/1?pipeline=agg-compare&refresh=true", """
                {"rt": [120.0, 15.0, 33.5, 48.0, 250.0, 17.0, 19.0, 21.0, 1800.0, 40.0, 55.25, 3.0, 3.0]}""");
        assertEquals(201, indexed.status(), why(indexed));
        JsonNode ours = source("agg-compare", "1").path("rt_percentiles");
        JsonNode theirs = es.expectOk("POST", "/agg-compare/_search", """
                {"size": 0, "aggs": {"p": {"percentiles": {"field": "rt",
                   "percents": [1, 25, 50, 75, 90, 95, 99, 99.9]}}}}""").path("aggregations").path("p").path("values");
        System.out.println("[PercentilesProcessorIT] processor " + ours + " vs percentiles aggregation " + theirs);
        for (double p : new double[] {1, 25, 50, 75, 90, 95, 99, 99.9}) {
            String aggKey = String.valueOf(p);
            assertEquals(theirs.path(aggKey).asDouble(), ours.path(PercentilesProcessor.keyFor(p)).asDouble(), 1e-9,
                    "p" + p + ": " + ours + " vs " + theirs);
        }
    }
}

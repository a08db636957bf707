package org.elkflow.retention.rollup;

import org.elkflow.retention.policy.PolicyParser;
import org.elkflow.retention.policy.RetentionPolicy.RollupSpec;
import org.elkflow.sketch.ExactPercentiles;
import org.elkflow.sketch.MergingDigest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DigestMergerTest {

    static final long W = 900_000L;

    static RollupSpec latencyRollup() {
        return PolicyParser.parse("lat", Map.of("index_patterns", List.of("app-latency-*"),
                "rollups", List.of(Map.of("name", "lat-15m", "interval", "15m", "group_by", List.of("service", "os"),
                        "digests", Map.of("latency_digest.payment", List.of(50, 95)), "target", "lat-rollup")))).rollups().get(0);
    }

    static String b64(double... values) {
        return Base64.getEncoder().encodeToString(MergingDigest.of(MergingDigest.DEFAULT_COMPRESSION, values).toBytes());
    }

    /** A source as the histogram processor writes it: nested objects along the dotted path. */
    static Map<String, Object> nested(Object digest) {
        return Map.of("latency_digest", Map.of("payment", digest));
    }

    @Test
    void mergesPerBucketAndGroupLikeTheUnion() {
        RollupSpec spec = latencyRollup();
        DigestMerger merger = DigestMerger.forRawDocuments(spec, new DigestRejections());
        Random rnd = new Random(5);
        Map<String, List<Double>> truth = new HashMap<>();
        for (int doc = 0; doc < 600; doc++) {
            long t = rnd.nextInt((int) (2 * W));
            String service = rnd.nextBoolean() ? "a" : "b";
            double[] values = new double[1 + rnd.nextInt(50)];
            for (int i = 0; i < values.length; i++) {
                values[i] = Math.exp(3 + rnd.nextGaussian());
            }
            merger.add("raw", "d" + doc, List.of(t), List.of(List.of(service), List.of()), 0, 2 * W, nested(b64(values)));
            List<Double> all = truth.computeIfAbsent(RollupDocId.key("lat-15m", RollupWindows.floor(t, W), Arrays.asList(service, null)),
                    k -> new ArrayList<>());
            Arrays.stream(values).forEach(all::add);
        }
        assertEquals(4, merger.remaining().size(), "2 windows x 2 services, os missing");
        truth.forEach((id, values) -> {
            DigestMerger.Group g = merger.take(id);
            MergingDigest d = g.digest("latency_digest.payment");
            double[] raw = values.stream().mapToDouble(Double::doubleValue).toArray();
            ExactPercentiles exact = ExactPercentiles.of(raw);
            assertEquals(raw.length, d.count());
            assertEquals(exact.min(), d.min());
            assertEquals(exact.max(), d.max());
            assertEquals(Arrays.stream(raw).sum(), d.sum(), 1e-9 * d.sum());
            // small per-group samples (< 4δ/π values) stay exact through the merge
            if (raw.length < 250) {
                assertEquals(exact.percentile(95), d.percentile(95), 1e-9);
            }
        });
        assertTrue(merger.remaining().isEmpty());
        assertNull(merger.take("nope"));
    }

    @Test
    void multiValuedGroupsAndTimesCountLikeACompositeAggregation() {
        RollupSpec spec = latencyRollup();
        DigestMerger merger = DigestMerger.forRawDocuments(spec, new DigestRejections());
        // two services, one os repeated: groups (a, ios) and (b, ios); the second time value is in the next window
        merger.add("raw", "1", List.of(10L, 20L, W + 5), List.of(List.of("a", "b"), List.of("ios", "ios")), 0, 2 * W,
                nested(b64(1, 2, 3)));
        assertEquals(4, merger.remaining().size());
        DigestMerger.Group g = merger.take(RollupDocId.key("lat-15m", W, List.of("b", "ios")));
        assertEquals(1, g.docs());
        assertEquals(3, g.digest("latency_digest.payment").count());
        // a time value outside the batch's range does not make a bucket
        DigestMerger other = DigestMerger.forRawDocuments(spec, new DigestRejections());
        other.add("raw", "2", List.of(5L, 3 * W), List.of(List.of("a"), List.of()), 0, W, nested(b64(1)));
        assertEquals(1, other.remaining().size());
    }

    @Test
    void digestsAreFoundUnderDottedOrNestedKeysAndInArrays() {
        RollupSpec spec = latencyRollup();
        DigestMerger merger = DigestMerger.forRawDocuments(spec, new DigestRejections());
        List<List<Object>> group = List.of(List.of("a"), List.of("ios"));
        merger.add("raw", "1", List.of(0L), group, 0, W, nested(b64(1)));
        merger.add("raw", "2", List.of(0L), group, 0, W, Map.of("latency_digest.payment", b64(2, 3)));
        merger.add("raw", "3", List.of(0L), group, 0, W, Map.of("latency_digest", Map.of("payment", List.of(b64(4), b64(5)))));
        DigestMerger.Group g = merger.take(RollupDocId.key("lat-15m", 0, List.of("a", "ios")));
        assertEquals(3, g.docs());
        assertEquals(5, g.digest("latency_digest.payment").count());
        assertEquals(3.0, g.digest("latency_digest.payment").percentile(50));
    }

    @Test
    void unreadableDigestsAreLeftOutAndCounted() {
        RollupSpec spec = latencyRollup();
        DigestRejections rejections = new DigestRejections();
        DigestMerger merger = DigestMerger.forRawDocuments(spec, rejections);
        List<List<Object>> group = List.of(List.of("a"), List.of("ios"));
        byte[] v2 = MergingDigest.of(200, 1).toBytes();
        v2[2] = 2;
        merger.add("raw", "good", List.of(0L), group, 0, W, nested(b64(10, 20)));
        merger.add("raw", "version", List.of(0L), group, 0, W, nested(Base64.getEncoder().encodeToString(v2)));
        merger.add("raw", "base64", List.of(0L), group, 0, W, nested("%%%"));
        merger.add("raw", "number", List.of(0L), group, 0, W, nested(42));
        merger.add("raw", "magic", List.of(0L), group, 0, W, nested(Base64.getEncoder().encodeToString(new byte[40])));
        assertEquals(4, rejections.count());
        assertTrue(rejections.last().startsWith("index [raw] document [magic] field [latency_digest.payment]: not an elkflow"),
                rejections.last());
        DigestMerger.Group g = merger.take(RollupDocId.key("lat-15m", 0, List.of("a", "ios")));
        assertEquals(5, g.docs(), "documents with unreadable digests still count as documents");
        assertEquals(2, g.digest("latency_digest.payment").count(), "only the readable digest is merged");
        DigestRejections one = new DigestRejections();
        DigestMerger.forRawDocuments(spec, one).add("raw", "v", List.of(0L), group, 0, W,
                nested(Base64.getEncoder().encodeToString(v2)));
        assertTrue(one.last().contains("unsupported t-digest layout version 2"), one.last());
    }

    @Test
    void cascadesMergeTheStoredDigestsOfFinerRollupDocuments() {
        RollupSpec hourly = PolicyParser.parse("lat", Map.of("index_patterns", List.of("app-latency-*"),
                "rollups", List.of(
                        Map.of("name", "lat-15m", "interval", "15m", "group_by", List.of("service", "os"),
                                "percentiles", Map.of("rt", List.of(95)),
                                "digests", Map.of("latency_digest.payment", List.of(50, 95)), "target", "lat-rollup"),
                        Map.of("name", "lat-1h", "source_rollup", "lat-15m", "interval", "1h", "group_by", List.of("service"),
                                "percentiles", Map.of("rt", List.of(95)),
                                "digests", Map.of("latency_digest.payment", List.of(95)), "target", "lat-rollup-1h"))))
                .rollups().get(1);
        DigestRejections rejections = new DigestRejections();
        DigestMerger merger = DigestMerger.forRollupDocuments(hourly, rejections);
        for (int q = 0; q < 4; q++) {
            Map<String, Object> fine = new HashMap<>();
            fine.put("service", "a");
            fine.put("os", q % 2 == 0 ? "ios" : null);
            fine.put("latency_digest.payment", Map.of("p95", 1.0, "count", 2, "digest", b64(q, q + 10)));
            fine.put("rt", Map.of("p95", 1.0, "digest", b64(100 + q)));
            merger.add("lat-rollup", "f" + q, q * W, Arrays.asList("a"), fine);
        }
        merger.add("lat-rollup", "old", 0, Arrays.asList("a"), Map.of("rt", Map.of("p95", 1.0, "tdigest", "AAAA")));
        DigestMerger.Group g = merger.take(RollupDocId.key("lat-1h", 0, List.of("a")));
        assertEquals(8, g.digest("latency_digest.payment").count());
        assertEquals(13.0, g.digest("latency_digest.payment").max());
        assertEquals(4, g.digest("rt").count());
        assertEquals(1, rejections.count());
        assertTrue(rejections.last().contains("field [rt.tdigest]") && rejections.last().contains("TDigestState"), rejections.last());
    }

    @Test
    void combinationsOfGroupValues() {
        assertEquals(List.of(Arrays.asList("a", null), Arrays.asList("b", null)),
                DigestMerger.combinations(List.of(List.of("a", "b", "a"), List.of())));
        assertEquals(List.of(List.of()), DigestMerger.combinations(List.of()));
    }

    @Test
    void sourcePathsInEverySpelling() {
        Map<String, Object> source = Map.of("a", Map.of("b.c", 1, "b", Map.of("c", 2)), "a.b", Map.of("c", 3), "a.b.c", 4);
        List<Object> found = SourcePath.values(source, "a.b.c");
        assertEquals(4, found.size(), found.toString());
        assertTrue(found.containsAll(List.of(1, 2, 3, 4)));
        assertEquals(List.of(), SourcePath.values(source, "a.x"));
    }
}

package org.elkflow.percentiles.ingest;

import org.elasticsearch.ElasticsearchException;
import org.elasticsearch.index.VersionType;
import org.elasticsearch.ingest.IngestDocument;
import org.elkflow.sketch.MergingDigest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The percentiles processor's inputs beyond plain arrays, its tdigest method, unkeyed output, and the histogram processor. */
class PercentilesInputsTest {

    private static final String TAG = "t1";

    private static PercentilesProcessor percentiles(Object... keysAndValues) {
        return new PercentilesProcessor.Factory().create(Map.of(), TAG, null, config(keysAndValues));
    }

    private static HistogramProcessor histogram(Object... keysAndValues) {
        return new HistogramProcessor.Factory().create(Map.of(), TAG, null, config(keysAndValues));
    }

    private static Map<String, Object> config(Object... keysAndValues) {
        Map<String, Object> config = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }

    private static IngestDocument document(Object... keysAndValues) {
        return new IngestDocument("idx", "1", 1L, null, VersionType.INTERNAL, config(keysAndValues));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(IngestDocument document, String path) {
        return document.getFieldValue(path, Map.class);
    }

    /** R-7 over the expanded histogram, worked out independently. */
    private static double expectedR7(double[] sortedExpanded, double p) {
        double rank = p / 100 * (sortedExpanded.length - 1);
        int lo = (int) rank;
        int hi = Math.min(lo + 1, sortedExpanded.length - 1);
        return sortedExpanded[lo] + (rank - lo) * (sortedExpanded[hi] - sortedExpanded[lo]);
    }

    @Test
    void histogramInputGivesExactPercentilesOfTheExpandedSample() {
        IngestDocument document = document("h", Map.of("values", List.of(10, 20.5, 40), "counts", List.of(3, 0, 2)));
        percentiles("field", "h", "percents", List.of(25, 50, 90)).execute(document);
        Map<String, Object> result = map(document, "h_percentiles");
        double[] expanded = {10, 10, 10, 40, 40};
        for (double p : new double[] {25, 50, 90}) {
            assertEquals(expectedR7(expanded, p), (Double) result.get(PercentilesProcessor.keyFor(p)), 1e-12);
        }
        assertEquals(5L, result.get("count"));
        assertEquals(110.0, result.get("sum"));
        assertEquals(22.0, result.get("avg"));
        assertEquals(10.0, result.get("min"));
        assertEquals(40.0, result.get("max"));
    }

    @Test
    void badHistogramsNameThePosition() {
        Map<Map<String, Object>, String> cases = Map.of(
                Map.of("values", List.of(1, 2), "counts", List.of(1)), "field [h] has 2 values but 1 counts",
                Map.of("values", List.of(1, "x"), "counts", List.of(1, 1)),
                "field [h.values] element [1] is not a finite number: \"x\"",
                Map.of("values", List.of(1, 2), "counts", List.of(1, -1)),
                "field [h.counts] element [1] is not a non-negative whole number: -1",
                Map.of("values", List.of(1, 2), "counts", List.of(1, 0.5)),
                "field [h.counts] element [1] is not a non-negative whole number: 0.5",
                Map.of("values", List.of(1), "counts", List.of(0)), "field [h.counts] adds up to 0; at least one value is needed");
        cases.forEach((value, message) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> percentiles("field", "h").execute(document("h", value)));
            assertEquals(message, e.getMessage());
        });
    }

    @Test
    void tdigestMethodIsExactForSmallArraysAndCloseForLargeOnes() {
        List<Double> small = List.of(5.0, 1.0, 4.0, 2.0, 3.0);
        IngestDocument exactDoc = document("v", small);
        IngestDocument digestDoc = document("v", small);
        percentiles("field", "v").execute(exactDoc);
        percentiles("field", "v", "method", "tdigest", "compression", 100).execute(digestDoc);
        assertEquals(map(exactDoc, "v_percentiles"), map(digestDoc, "v_percentiles"));

        Random random = new Random(5);
        List<Double> large = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            large.add(random.nextDouble() * 1000);
        }
        IngestDocument exactLarge = document("v", large);
        IngestDocument digestLarge = document("v", large);
        percentiles("field", "v").execute(exactLarge);
        percentiles("field", "v", "method", "tdigest").execute(digestLarge);
        for (String key : List.of("p50", "p95", "p99")) {
            double exact = (Double) map(exactLarge, "v_percentiles").get(key);
            double estimate = (Double) map(digestLarge, "v_percentiles").get(key);
            assertEquals(exact, estimate, 5.0, key); // 0.5 % of the 0..1000 uniform range
        }
        assertEquals(map(exactLarge, "v_percentiles").get("sum"), map(digestLarge, "v_percentiles").get("sum"));
    }

    @Test
    void unkeyedOutputIsAnArrayOfPercentValuePairs() {
        IngestDocument document = document("v", List.of(1, 2, 3, 4));
        percentiles("field", "v", "percents", List.of(50, 99.9), "keyed", false).execute(document);
        Map<String, Object> result = map(document, "v_percentiles");
        assertEquals(List.of(Map.of("percent", 50.0, "value", 2.5), Map.of("percent", 99.9, "value", 3.997)),
                roundValues(result.get("values")));
        assertEquals(4L, result.get("count"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> roundValues(Object values) {
        List<Map<String, Object>> rounded = new ArrayList<>();
        for (Map<String, Object> entry : (List<Map<String, Object>>) values) {
            rounded.add(Map.of("percent", entry.get("percent"),
                    "value", Math.round((Double) entry.get("value") * 1e9) / 1e9));
        }
        return rounded;
    }

    @Test
    void settingsErrorsNameTagAndProperty() {
        Map<String, Object[]> cases = new java.util.LinkedHashMap<>();
        cases.put("method", new Object[] {"field", "x", "method", "hdr"});
        cases.put("compression", new Object[] {"field", "x", "method", "tdigest", "compression", 5});
        cases.put("compression ", new Object[] {"field", "x", "compression", 100});
        cases.put("keyed", new Object[] {"field", "x", "keyed", "maybe"});
        for (Map.Entry<String, Object[]> c : cases.entrySet()) {
            ElasticsearchException e = assertThrows(ElasticsearchException.class, () -> percentiles(c.getValue()));
            assertEquals(List.of(c.getKey().trim()), e.getMetadata("es.property_name"), e.getMessage());
            assertEquals(List.of(TAG), e.getMetadata("es.processor_tag"));
            assertTrue(e.getMessage().startsWith("[" + c.getKey().trim() + "]"), e.getMessage());
        }
        ElasticsearchException sameKey = assertThrows(ElasticsearchException.class,
                () -> percentiles("field", "x", "percents", List.of(99.9, 99.90)));
        assertTrue(sameKey.getMessage().contains("more than once"), sameKey.getMessage());
    }

    // ------------------------------------------------------------------------------------ histogram processor

    @Test
    void histogramProcessorWritesTheHistogramFieldFormatAndADigest() {
        IngestDocument document = document("rt", List.of(30, 10, 20, 10, 40.5));
        histogram("field", "rt").execute(document);
        Map<String, Object> histogram = map(document, "rt_histogram");
        assertEquals(List.of(10.0, 20.0, 30.0, 40.5), histogram.get("values"));
        assertEquals(List.of(2, 1, 1, 1), histogram.get("counts"));
        String digest = document.getFieldValue("rt_digest", String.class);
        MergingDigest decoded = MergingDigest.fromBytes(Base64.getDecoder().decode(digest));
        assertEquals(5, decoded.count());
        assertEquals(110.5, decoded.sum());

        // both outputs feed the percentiles processor and give the same exact answer as the raw array
        IngestDocument again = document("h", histogram, "d", digest, "raw", List.of(30, 10, 20, 10, 40.5));
        percentiles("field", "h").execute(again);
        percentiles("field", "d").execute(again);
        percentiles("field", "raw").execute(again);
        assertEquals(map(again, "raw_percentiles"), map(again, "h_percentiles"));
        assertEquals(map(again, "raw_percentiles"), map(again, "d_percentiles"));
    }

    @Test
    void histogramsOfLargeSamplesAreCompactAndAscending() {
        Random random = new Random(11);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            values.add(Math.exp(3 + random.nextGaussian()));
        }
        IngestDocument document = document("rt", values);
        histogram("field", "rt", "compression", 100, "outputs", List.of("histogram")).execute(document);
        @SuppressWarnings("unchecked")
        List<Double> out = (List<Double>) map(document, "rt_histogram").get("values");
        assertTrue(out.size() < 150, "buckets: " + out.size());
        for (int i = 1; i < out.size(); i++) {
            assertTrue(out.get(i) > out.get(i - 1), "strictly ascending at " + i);
        }
        assertTrue(!document.hasField("rt_digest"));
    }

    @Test
    void digestsOfTwoDocumentsMergeLikeTheDigestOfBoth() {
        Random random = new Random(3);
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            a.add(random.nextDouble() * 100);
            b.add(200 + random.nextDouble() * 100);
        }
        IngestDocument docA = document("rt", a);
        IngestDocument docB = document("rt", b);
        histogram("field", "rt", "outputs", List.of("digest")).execute(docA);
        histogram("field", "rt", "outputs", List.of("digest")).execute(docB);
        MergingDigest merged = MergingDigest.fromBytes(Base64.getDecoder().decode(docA.getFieldValue("rt_digest", String.class)));
        merged.add(MergingDigest.fromBytes(Base64.getDecoder().decode(docB.getFieldValue("rt_digest", String.class))));
        List<Double> union = new ArrayList<>(a);
        union.addAll(b);
        double[] sorted = union.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        for (double p : new double[] {50, 75, 90, 95, 99}) {
            double estimate = merged.percentile(p);
            int rank = 0;
            while (rank < sorted.length && sorted[rank] <= estimate) {
                rank++;
            }
            assertEquals(p / 100, rank / (double) sorted.length, 0.005 * p / 100, "p" + p);
        }
    }

    @Test
    void histogramSettingsAreValidated() {
        ElasticsearchException outputs = assertThrows(ElasticsearchException.class,
                () -> histogram("field", "x", "outputs", List.of("csv")));
        assertEquals(List.of("outputs"), outputs.getMetadata("es.property_name"));
        ElasticsearchException same = assertThrows(ElasticsearchException.class,
                () -> histogram("field", "x", "target_field", "y", "digest_field", "y"));
        assertEquals(List.of("digest_field"), same.getMetadata("es.property_name"));
        ElasticsearchException compression = assertThrows(ElasticsearchException.class,
                () -> histogram("field", "x", "compression", 100000));
        assertEquals(List.of("compression"), compression.getMetadata("es.property_name"));
        assertEquals(List.of(TAG), compression.getMetadata("es.processor_tag"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> concatenated(Map<String, Object> a, Map<String, Object> b) {
        List<Object> values = new ArrayList<>((List<Object>) a.get("values"));
        values.addAll((List<Object>) b.get("values"));
        List<Object> counts = new ArrayList<>((List<Object>) a.get("counts"));
        counts.addAll((List<Object>) b.get("counts"));
        return Map.of("values", values, "counts", counts);
    }

    @Test
    void histogramsMergeByConcatenation() {
        // small documents: exact histograms, so the merge gives exactly the R-7 percentiles of the union
        List<Double> a = List.of(12.0, 7.5, 7.5, 300.0, 41.0);
        List<Double> b = List.of(7.5, 99.0, 3.25, 41.0);
        IngestDocument docs = document("a", a, "b", b);
        histogram("field", "a", "outputs", List.of("histogram")).execute(docs);
        histogram("field", "b", "outputs", List.of("histogram")).execute(docs);
        List<Double> union = new ArrayList<>(a);
        union.addAll(b);
        IngestDocument merged = document("merged", concatenated(map(docs, "a_histogram"), map(docs, "b_histogram")),
                "union", union);
        percentiles("field", "merged", "percents", List.of(10, 50, 90, 99)).execute(merged);
        percentiles("field", "union", "percents", List.of(10, 50, 90, 99)).execute(merged);
        assertEquals(map(merged, "union_percentiles"), map(merged, "merged_percentiles"));

        // large documents: compressed histograms, merged within the digest's bound
        Random random = new Random(23);
        List<Double> big1 = new ArrayList<>();
        List<Double> big2 = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            big1.add(Math.exp(3 + random.nextGaussian()));
            big2.add(500 + 50 * random.nextGaussian());
        }
        IngestDocument bigDocs = document("a", big1, "b", big2);
        histogram("field", "a", "outputs", List.of("histogram")).execute(bigDocs);
        histogram("field", "b", "outputs", List.of("histogram")).execute(bigDocs);
        IngestDocument bigMerged = document("m", concatenated(map(bigDocs, "a_histogram"), map(bigDocs, "b_histogram")));
        percentiles("field", "m", "percents", List.of(50, 75, 90, 95, 99)).execute(bigMerged);
        double[] sorted = new double[40_000];
        for (int i = 0; i < 20_000; i++) {
            sorted[i] = big1.get(i);
            sorted[20_000 + i] = big2.get(i);
        }
        java.util.Arrays.sort(sorted);
        for (double p : new double[] {50, 75, 90, 95, 99}) {
            double estimate = (Double) map(bigMerged, "m_percentiles").get(PercentilesProcessor.keyFor(p));
            int rank = 0;
            while (rank < sorted.length && sorted[rank] <= estimate) {
                rank++;
            }
            assertEquals(p / 100, rank / (double) sorted.length, 0.005 * p / 100, "p" + p);
        }
    }
}

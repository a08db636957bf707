package org.elkflow.percentiles.ingest;

import org.elasticsearch.ElasticsearchException;
import org.elasticsearch.index.VersionType;
import org.elasticsearch.ingest.IngestDocument;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PercentilesProcessorTest {

    private static final String TAG = "latency-pcts";

    private static PercentilesProcessor create(Map<String, Object> config) {
        return new PercentilesProcessor.Factory().create(Map.of(), TAG, "a description", config);
    }

    private static Map<String, Object> config(Object... keysAndValues) {
        Map<String, Object> config = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }

    private static IngestDocument document(Map<String, Object> source) {
        return new IngestDocument("idx", "1", 1L, null, VersionType.INTERNAL, new HashMap<>(source));
    }

    /** R-7 worked out by hand in the test: sorted values, rank p/100*(n-1), linear between neighbours. */
    private static double expected(List<? extends Number> values, double p) {
        double[] x = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        double rank = p / 100 * (x.length - 1);
        int lo = (int) rank;
        int hi = Math.min(lo + 1, x.length - 1);
        return x[lo] + (rank - lo) * (x[hi] - x[lo]);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> target(IngestDocument document, String path) {
        return document.getFieldValue(path, Map.class);
    }

    // ---------------------------------------------------------------------------------------------- factory

    @Test
    void factoryDefaults() {
        Map<String, Object> config = config("field", "latency");
        PercentilesProcessor processor = create(config);
        assertEquals("latency", processor.field());
        assertEquals("latency_percentiles", processor.targetField());
        assertArrayEquals(new double[] {50, 75, 90, 95, 99}, processor.percents());
        assertFalse(processor.ignoreMissing());
        assertEquals(TAG, processor.getTag());
        assertEquals("a description", processor.getDescription());
        assertEquals("percentiles", processor.getType());
        assertTrue(config.isEmpty(), "every known key is consumed: " + config);
    }

    @Test
    void factoryReadsEverySetting() {
        Map<String, Object> config = config("field", "a.b", "target_field", "out", "percents", List.of(99.9, 1, 50L),
                "ignore_missing", true);
        PercentilesProcessor processor = create(config);
        assertEquals("out", processor.targetField());
        assertArrayEquals(new double[] {99.9, 1, 50}, processor.percents());
        assertTrue(processor.ignoreMissing());
        assertTrue(config.isEmpty());
    }

    @Test
    void unknownKeysAreLeftForElasticsearchToReject() {
        Map<String, Object> config = config("field", "x", "percentz", List.of(1));
        create(config);
        assertEquals(Map.of("percentz", List.of(1)), config);
    }

    @Test
    void missingFieldIsAConfigurationError() {
        ElasticsearchException e = assertThrows(ElasticsearchException.class, () -> create(config("percents", List.of(50))));
        assertEquals("[field] required property is missing", e.getMessage());
        assertNamesTagAndProperty(e, "field");
    }

    @Test
    void percentsOutOfRangeAreRejectedNamingTheValue() {
        for (Object bad : List.of(0, 101, -5, 100.0001, 0.0, Double.NaN)) {
            ElasticsearchException e = assertThrows(ElasticsearchException.class,
                    () -> create(config("field", "x", "percents", List.of(50, bad))), "percent " + bad);
            assertTrue(e.getMessage().startsWith("[percents] [" + bad + "] is out of range"), e.getMessage());
            assertNamesTagAndProperty(e, "percents");
        }
    }

    @Test
    void nonNumericPercentsAreRejected() {
        ElasticsearchException e = assertThrows(ElasticsearchException.class,
                () -> create(config("field", "x", "percents", List.of("x"))));
        assertEquals("[percents] [\"x\"] is not a number", e.getMessage());
        assertNamesTagAndProperty(e, "percents");
        List<Object> withNull = new ArrayList<>(Arrays.asList(50, null));
        assertThrows(ElasticsearchException.class, () -> create(config("field", "x", "percents", withNull)));
    }

    @Test
    void percentsMustBeANonEmptyList() {
        ElasticsearchException empty = assertThrows(ElasticsearchException.class,
                () -> create(config("field", "x", "percents", List.of())));
        assertEquals("[percents] must list at least one percent", empty.getMessage());
        assertNamesTagAndProperty(empty, "percents");
        ElasticsearchException notList = assertThrows(ElasticsearchException.class,
                () -> create(config("field", "x", "percents", 50)));
        assertTrue(notList.getMessage().startsWith("[percents]"), notList.getMessage());
    }

    @Test
    void duplicatePercentsAreRejected() {
        ElasticsearchException e = assertThrows(ElasticsearchException.class,
                () -> create(config("field", "x", "percents", List.of(50, 99, 99.0))));
        assertEquals("[percents] [99.0] is listed more than once", e.getMessage());
        assertNamesTagAndProperty(e, "percents");
    }

    private static void assertNamesTagAndProperty(ElasticsearchException e, String property) {
        assertEquals(List.of(TAG), e.getMetadata("es.processor_tag"), "tag in " + e.getMetadataKeys());
        assertEquals(List.of("percentiles"), e.getMetadata("es.processor_type"));
        assertEquals(List.of(property), e.getMetadata("es.property_name"));
    }

    // -------------------------------------------------------------------------------------------- execution

    @Test
    void writesDefaultPercentilesKeyedByPercent() {
        List<Integer> values = new ArrayList<>();
        for (int i = 100; i >= 1; i--) {
            values.add(i);
        }
        IngestDocument document = document(Map.of("latency", values));
        create(config("field", "latency")).execute(document);
        Map<String, Object> result = target(document, "latency_percentiles");
        assertEquals(List.of("p50", "p75", "p90", "p95", "p99", "count", "min", "max", "sum", "avg"),
                new ArrayList<>(result.keySet()));
        assertEquals(100L, result.get("count"));
        assertEquals(1.0, result.get("min"));
        assertEquals(100.0, result.get("max"));
        assertEquals(5050.0, result.get("sum"));
        assertEquals(50.5, result.get("avg"));
        for (double p : new double[] {50, 75, 90, 95, 99}) {
            assertEquals(expected(values, p), (Double) result.get(PercentilesProcessor.keyFor(p)), 1e-9);
        }
        assertEquals(50.5, result.get("p50"));
        assertEquals(values, document.getFieldValue("latency", List.class), "source array untouched");
    }

    @Test
    void fractionalPercentsAndNestedPaths() {
        List<Number> values = List.of(12, 3.5, 7L, BigInteger.valueOf(20), 1.25f);
        IngestDocument document = document(Map.of("metrics", new HashMap<>(Map.of("latency", values))));
        create(config("field", "metrics.latency", "target_field", "metrics.pct", "percents", List.of(99.9, 12.5, 100, 0.01)))
                .execute(document);
        Map<String, Object> result = target(document, "metrics.pct");
        assertEquals(List.of("p99_9", "p12_5", "p100", "p0_01"), new ArrayList<>(result.keySet()).subList(0, 4));
        assertEquals(expected(values, 99.9), (Double) result.get("p99_9"), 1e-9);
        assertEquals(expected(values, 12.5), (Double) result.get("p12_5"), 1e-9);
        assertEquals(20.0, result.get("p100"));
        assertEquals(expected(values, 0.01), (Double) result.get("p0_01"), 1e-9);
    }

    @Test
    void singleValueArray() {
        IngestDocument document = document(Map.of("x", List.of(7)));
        create(config("field", "x", "percents", List.of(1, 100))).execute(document);
        assertEquals(Map.of("p1", 7.0, "p100", 7.0, "count", 1L, "min", 7.0, "max", 7.0, "sum", 7.0, "avg", 7.0),
                target(document, "x_percentiles"));
    }

    @Test
    void overwritesAnExistingTarget() {
        IngestDocument document = document(Map.of("x", List.of(1, 3), "x_percentiles", "old"));
        create(config("field", "x", "percents", List.of(50))).execute(document);
        assertEquals(2.0, target(document, "x_percentiles").get("p50"));
    }

    @Test
    void keysDropATrailingPointZero() {
        assertEquals("p50", PercentilesProcessor.keyFor(50.0));
        assertEquals("p100", PercentilesProcessor.keyFor(100));
        assertEquals("p99_9", PercentilesProcessor.keyFor(99.9));
        assertEquals("p99_99", PercentilesProcessor.keyFor(99.99));
        assertEquals("p0_001", PercentilesProcessor.keyFor(0.001));
        assertEquals("p12_5", PercentilesProcessor.keyFor(12.5));
    }

    @Test
    void nonNumericElementNamesFieldAndIndex() {
        IngestDocument document = document(Map.of("latency", List.of(1, 2, 3, "abc")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> create(config("field", "latency")).execute(document));
        assertEquals("field [latency] element [3] is not a finite number: \"abc\"", e.getMessage());
        assertFalse(document.hasField("latency_percentiles"));
    }

    @Test
    void nonFiniteAndOtherBadElements() {
        Map<Object, String> cases = new java.util.LinkedHashMap<>();
        cases.put(Double.NaN, "NaN");
        cases.put(Double.POSITIVE_INFINITY, "Infinity");
        cases.put(Double.NEGATIVE_INFINITY, "-Infinity");
        cases.put("12", "\"12\"");
        cases.put(true, "true");
        cases.put(List.of(1), "[1]");
        for (Map.Entry<Object, String> c : cases.entrySet()) {
            IngestDocument document = document(Map.of("v", List.of(5, c.getKey())));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> create(config("field", "v")).execute(document));
            assertEquals("field [v] element [1] is not a finite number: " + c.getValue(), e.getMessage());
        }
        List<Object> withNull = new ArrayList<>(Arrays.asList(1, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> create(config("field", "v")).execute(document(Map.of("v", withNull))));
        assertEquals("field [v] element [1] is not a finite number: null", e.getMessage());
    }

    @Test
    void emptyArrayIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> create(config("field", "x")).execute(document(Map.of("x", List.of()))));
        assertEquals("field [x] is an empty array; at least one value is needed", e.getMessage());
    }

    @Test
    void nonArrayValuesNameTheType() {
        Map<Object, String> cases = Map.of(12, "number", false, "boolean");
        cases.forEach((value, type) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> create(config("field", "x")).execute(document(Map.of("x", value))));
            assertEquals("field [x] is of type [" + type + "], but an array of numbers, a histogram object or a "
                    + "digest string is needed", e.getMessage());
        });
        IllegalArgumentException object = assertThrows(IllegalArgumentException.class,
                () -> create(config("field", "x")).execute(document(Map.of("x", Map.of("a", 1)))));
        assertEquals("field [x] is an object but not a histogram; it needs the arrays [values] and [counts]",
                object.getMessage());
        IllegalArgumentException string = assertThrows(IllegalArgumentException.class,
                () -> create(config("field", "x")).execute(document(Map.of("x", "12"))));
        assertTrue(string.getMessage().startsWith("field [x] is not a valid digest"), string.getMessage());
    }

    @Test
    void missingFieldIsAnErrorNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> create(config("field", "latency")).execute(document(Map.of("other", 1))));
        assertTrue(e.getMessage().contains("[latency]"), e.getMessage());
        Map<String, Object> source = new HashMap<>();
        source.put("latency", null);
        IllegalArgumentException nullValue = assertThrows(IllegalArgumentException.class,
                () -> create(config("field", "latency")).execute(document(source)));
        assertEquals("field [latency] is null; an array of numbers, a histogram or a digest is needed",
                nullValue.getMessage());
    }

    @Test
    void ignoreMissingLeavesTheDocumentUnchanged() {
        PercentilesProcessor processor = create(config("field", "latency", "ignore_missing", true));
        IngestDocument document = document(Map.of("other", 1));
        Map<String, Object> before = new HashMap<>(document.getSource());
        assertSame(document, processor.execute(document));
        assertEquals(before, document.getSource());

        Map<String, Object> source = new HashMap<>();
        source.put("latency", null);
        IngestDocument withNull = document(source);
        processor.execute(withNull);
        assertFalse(withNull.hasField("latency_percentiles"));

        IngestDocument present = document(Map.of("latency", List.of(1, 2)));
        processor.execute(present);
        assertEquals(1.5, target(present, "latency_percentiles").get("p50"));
    }

    @Test
    void ignoreMissingDoesNotHideBadValues() {
        PercentilesProcessor processor = create(config("field", "latency", "ignore_missing", true));
        assertThrows(IllegalArgumentException.class, () -> processor.execute(document(Map.of("latency", List.of()))));
    }
}

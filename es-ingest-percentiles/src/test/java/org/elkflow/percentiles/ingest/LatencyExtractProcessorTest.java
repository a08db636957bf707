package org.elkflow.percentiles.ingest;

import org.elasticsearch.ElasticsearchException;
import org.elasticsearch.index.VersionType;
import org.elasticsearch.ingest.IngestDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyExtractProcessorTest {

    private static final String TAG = "extract";

    private static LatencyExtractProcessor create(Object... keysAndValues) {
        Map<String, Object> config = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        LatencyExtractProcessor processor = new LatencyExtractProcessor.Factory().create(Map.of(), TAG, null, config);
        assertTrue(config.isEmpty(), "all keys consumed: " + config);
        return processor;
    }

    private static Map<String, Object> run(LatencyExtractProcessor processor, String message) {
        Map<String, Object> source = new HashMap<>();
        source.put("message", message);
        IngestDocument document = new IngestDocument("idx", "1", 1L, null, VersionType.INTERNAL, source);
        processor.execute(document);
        @SuppressWarnings("unchecked")
        Map<String, Object> latency = document.getFieldValue("latency", Map.class);
        return latency;
    }

    @Test
    void keyValueStatementsWithUnits() {
        Map<String, Object> out = run(create("keep_keys", List.of("os", "device")),
                "type=payment rt=120ms os=ios device=\"iPhone 13\"; type=search rt=0.8s os=android\n"
                        + "type=payment rt=95 ; type=cold_start rt=1500000us; hello world");
        assertEquals(List.of(
                Map.of("type", "payment", "rt", 120.0, "os", "ios", "device", "iPhone 13"),
                Map.of("type", "search", "rt", 800.0, "os", "android"),
                Map.of("type", "payment", "rt", 95.0),
                Map.of("type", "cold_start", "rt", 1500.0)), out.get("statements"));
        assertEquals(Map.of("payment", Map.of("rt", List.of(120.0, 95.0)), "search", Map.of("rt", List.of(800.0)),
                "cold_start", Map.of("rt", List.of(1500.0))), out.get("by_type"));
        assertEquals(4, out.get("count"));
    }

    @Test
    void severalTimeKeysAndAStatementUnit() {
        Map<String, Object> out = run(create("time_keys", List.of("ttfb", "total"), "type_key", "tx"),
                "tx=page.load ttfb=0.2 total=1.5 unit=s; tx=image_load total=300");
        assertEquals(List.of(Map.of("type", "page_load", "ttfb", 200.0, "total", 1500.0),
                Map.of("type", "image_load", "total", 300.0)), out.get("statements"));
    }

    @Test
    void jsonObjectsArraysAndLines() {
        LatencyExtractProcessor processor = create("format", "json", "type_key", "transaction.type",
                "time_keys", "duration", "default_unit", "s");
        Map<String, Object> out = run(processor,
                "{\"transaction\": {\"type\": \"payment\"}, \"duration\": 0.25}\n"
                        + "[{\"transaction\": {\"type\": \"search\"}, \"duration\": \"40ms\"}, {\"duration\": 2}]");
        assertEquals(List.of(Map.of("type", "payment", "duration", 250.0), Map.of("type", "search", "duration", 40.0),
                Map.of("type", "unknown", "duration", 2000.0)), out.get("statements"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> run(processor, "{\"duration\": 1} {oops"));
        assertTrue(bad.getMessage().startsWith("field [message] is not valid JSON after statement [1]"), bad.getMessage());
    }

    @Test
    void regexWithNamedGroups() {
        LatencyExtractProcessor processor = create("format", "regex",
                "pattern", "(?<type>[a-z_]+) took (?<rt>[0-9.]+) ?(?<unit>ms|s|us)");
        Map<String, Object> out = run(processor, "payment took 120 ms, search took 0.5s and image_load took 900us");
        assertEquals(Map.of("payment", Map.of("rt", List.of(120.0)), "search", Map.of("rt", List.of(500.0)),
                "image_load", Map.of("rt", List.of(0.9))), out.get("by_type"));
    }

    @Test
    void emptyCapturesAreIgnored() {
        LatencyExtractProcessor processor = create("format", "regex", "pattern", "(?<type>[a-z]*)=?(?<rt>[0-9]*)");
        Map<String, Object> out = run(processor, "x y payment=12 search=7");
        assertEquals(Map.of("payment", Map.of("rt", List.of(12.0)), "search", Map.of("rt", List.of(7.0))),
                out.get("by_type"));
    }

    @Test
    @Timeout(10)
    void catastrophicBacktrackingIsStoppedByTheStepBudget() {
        // nested repetition that java.util.regex cannot memoize: without the guard this runs for hours
        LatencyExtractProcessor processor = create("format", "regex", "pattern", "^(?<type>(.*?,){14})P(?<rt>[0-9]+)",
                "max_regex_steps", 100_000);
        String evil = "1,".repeat(40);
        long start = System.nanoTime();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(processor, evil));
        assertTrue(e.getMessage().contains("needed more than 100000 steps"), e.getMessage());
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "stopped quickly");
        // the same pattern on a well-formed message works
        assertEquals(1, run(processor, "1,".repeat(14) + "P12").get("count"));
    }

    @Test
    void errorsNameTheStatementAndKey() {
        IllegalArgumentException unit = assertThrows(IllegalArgumentException.class,
                () -> run(create(), "type=a rt=1ms; type=b rt=12parsecs"));
        assertEquals("field [message] statement [1] key [rt]: [12parsecs] has an unknown time unit [parsecs]; "
                + "known: ns, us, ms, s, m", unit.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> run(create(), "type=a rt=-5"));
        assertTrue(negative.getMessage().contains("statement [0] key [rt]"), negative.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> run(create(), "nothing to see"));
        assertTrue(none.getMessage().startsWith("field [message] has no statement with a response time"), none.getMessage());
    }

    @Test
    void settingsAreValidatedAtCreation() {
        Map<String, Object[]> cases = new java.util.LinkedHashMap<>();
        cases.put("format", new Object[] {"format", "xml"});
        cases.put("pattern", new Object[] {"format", "regex"});
        cases.put("pattern ", new Object[] {"format", "regex", "pattern", "(?<type>x"});
        cases.put("pattern  ", new Object[] {"format", "regex", "pattern", "(?<type>\\w+) (?<ms>\\d+)"});
        cases.put("pattern   ", new Object[] {"format", "kv", "pattern", "(?<rt>\\d+)"});
        cases.put("default_unit", new Object[] {"default_unit", "hours"});
        cases.put("time_keys", new Object[] {"time_keys", List.of()});
        cases.put("max_regex_steps", new Object[] {"format", "regex", "pattern", "(?<rt>\\d+)", "max_regex_steps", 5});
        for (Map.Entry<String, Object[]> c : cases.entrySet()) {
            ElasticsearchException e = assertThrows(ElasticsearchException.class, () -> create(c.getValue()), c.getKey());
            assertEquals(List.of(c.getKey().trim()), e.getMetadata("es.property_name"), e.getMessage());
            assertEquals(List.of(TAG), e.getMetadata("es.processor_tag"));
            assertEquals(List.of("latency_extract"), e.getMetadata("es.processor_type"));
        }
    }

    @Test
    void ignoreMissingAndNonStrings() {
        LatencyExtractProcessor lenient = create("ignore_missing", true);
        IngestDocument document = new IngestDocument("idx", "1", 1L, null, VersionType.INTERNAL, new HashMap<>());
        lenient.execute(document);
        assertTrue(!document.hasField("latency"));
        IngestDocument number = new IngestDocument("idx", "1", 1L, null, VersionType.INTERNAL,
                new HashMap<>(Map.of("message", 5)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create().execute(number));
        assertEquals("field [message] is of type [number], but a message string is needed", e.getMessage());
    }
}

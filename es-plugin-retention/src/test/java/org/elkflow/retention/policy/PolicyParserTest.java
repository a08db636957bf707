package org.elkflow.retention.policy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class PolicyParserTest {

    public static Map<String, Object> flowsPolicy() {
        return Map.of(
                "index_patterns", List.of("flows-*"),
                "phases", Map.of(
                        "warm", Map.of("min_age", "1d", "allocate", Map.of("require", Map.of("box_type", "warm"),
                                "number_of_replicas", 0), "force_merge", Map.of("max_num_segments", 1), "write_block", true),
                        "delete", Map.of("min_age", "8d")),
                "rollups", List.of(Map.of("name", "flows-5m", "interval", "5m",
                        "group_by", List.of("source.ip", "destination.ip", "network.transport"),
                        "metrics", Map.of("network.bytes", List.of("sum", "max"), "network.packets", List.of("sum")),
                        "rates", List.of(Map.of("name", "bps", "field", "network.bytes", "multiplier", 8)),
                        "percentiles", Map.of("event.duration", List.of(50, 95, 99.9)),
                        "target", "flows-rollup-5m-{yyyy.MM}")),
                "alerts", List.of(Map.of("name", "slow", "rollup", "flows-5m", "metric", "event.duration.p95",
                        "threshold", 800, "consecutive_windows", 2)));
    }

    @Test
    void parsesAFullPolicy() {
        RetentionPolicy p = PolicyParser.parse("flows", flowsPolicy());
        assertEquals(List.of("flows-*"), p.indexPatterns());
        assertEquals(IndexDate.Source.NAME, p.indexDate().source());
        assertEquals(86_400_000L, p.warm().minAge().millis());
        assertEquals(Map.of("box_type", "warm"), p.warm().requireAttributes());
        assertEquals(List.of(RetentionPolicy.Step.WRITE_BLOCK, RetentionPolicy.Step.ALLOCATE, RetentionPolicy.Step.FORCE_MERGE),
                p.warm().steps());
        assertEquals(8 * 86_400_000L, p.delete().minAge().millis());
        RetentionPolicy.RollupSpec r = p.rollups().get(0);
        assertEquals(List.of("flows-*"), r.sourcePatterns());
        assertEquals(300_000L, r.interval().millis());
        assertEquals(60_000L, r.delay().millis());
        assertTrue(RollupFields.produced(r).contains("event.duration.p99_9"));
        assertTrue(p.appliesTo("flows-2026.11.21"));
        assertTrue(!p.appliesTo("flows-rollup-5m-2026.11"), "own rollup targets are not raw data");
        assertEquals(2, p.alerts().get(0).consecutiveWindows());
        assertTrue(p.alerts().get(0).breaches(801));
    }

    @Test
    void errorsNameTheKeyAndValue() {
        Map<String, Object> bad = Map.of(
                "index_patterns", List.of("flows-*"),
                "colour", "blue",
                "phases", Map.of("warm", Map.of("min_age", "yesterday"), "delete", Map.of("min_age", "1d", "wait", true)),
                "rollups", List.of(Map.of("name", "r", "interval", "7m", "metrics", Map.of("b", List.of("median")),
                        "target", "flows-r")));
        PolicyValidationException e = assertThrows(PolicyValidationException.class, () -> PolicyParser.parse("p", bad));
        String all = String.join("\n", e.errors());
        assertTrue(all.contains("[colour] unknown key"), all);
        assertTrue(all.contains("[phases.warm.min_age] invalid duration [yesterday]"), all);
        assertTrue(all.contains("[phases.delete.wait] unknown key"), all);
        assertTrue(all.contains("[rollups[0].interval] [7m] must be at least 1s and divide a day evenly"), all);
        assertTrue(all.contains("[rollups[0].metrics.b] unknown metric [median]"), all);
        assertTrue(!all.contains("[rollups[0].target]"), all);
    }

    @Test
    void missingPatternsAndBadAlertMetric() {
        Map<String, Object> bad = Map.of(
                "phases", Map.of("delete", Map.of("min_age", "1d")),
                "rollups", List.of(Map.of("name", "r", "source", "lat-*", "interval", "15m",
                        "percentiles", Map.of("latency", List.of(95)), "target", "lat-rollup")),
                "alerts", List.of(Map.of("name", "a", "rollup", "r", "metric", "latency.p99", "threshold", 1, "operator", "above")));
        PolicyValidationException e = assertThrows(PolicyValidationException.class, () -> PolicyParser.parse("Bad Name", bad));
        String all = String.join("\n", e.errors());
        assertTrue(all.contains("[name] invalid policy name [Bad Name]"), all);
        assertTrue(all.contains("[index_patterns] is required"), all);
        assertTrue(all.contains("[alerts[0].metric] rollup [r] does not produce [latency.p99]"), all);
        assertTrue(all.contains("[alerts[0].operator] unknown operator [above]"), all);
    }

    @Test
    void cascadesMustBeDerivableFromTheFinerRollup() {
        Map<String, Object> fine = Map.of("name", "r5", "interval", "5m", "group_by", List.of("a", "b"),
                "metrics", Map.of("x", List.of("sum", "max")), "percentiles", Map.of("d", List.of(95)), "target", "r5-t");
        Map<String, Object> ok = Map.of("name", "r1h", "source_rollup", "r5", "interval", "1h", "group_by", List.of("a"),
                "metrics", Map.of("x", List.of("sum", "max")), "rates", List.of(Map.of("name", "xps", "field", "x")),
                "percentiles", Map.of("d", List.of(50, 95)), "target", "r1h-t");
        RetentionPolicy p = PolicyParser.parse("c", Map.of("index_patterns", List.of("raw-*"), "rollups", List.of(fine, ok)));
        assertTrue(p.rollups().get(1).isCascade());
        assertTrue(p.rollups().get(0).keepDigests(), "a cascade merges r5's digests, so r5 keeps them");
        assertTrue(!p.rollups().get(1).keepDigests());
        assertEquals(List.of("r5-t"), p.rollups().get(1).sourcePatterns());

        Map<String, Object> bad = Map.of("name", "r7", "source_rollup", "r5", "interval", "7m", "group_by", List.of("c"),
                "metrics", Map.of("x", List.of("min", "avg")), "percentiles", Map.of("e", List.of(95)), "target", "r7-t");
        Map<String, Object> unknown = Map.of("name", "rx", "source_rollup", "nope", "interval", "1h",
                "metrics", Map.of("x", List.of("sum")), "target", "rx-t");
        PolicyValidationException e = assertThrows(PolicyValidationException.class, () -> PolicyParser.parse("c",
                Map.of("index_patterns", List.of("raw-*"), "rollups", List.of(fine, bad, unknown))));
        String all = String.join("\n", e.errors());
        assertTrue(all.contains("[rollups[1].interval] [7m] must be a multiple of source rollup interval [5m]"), all);
        assertTrue(all.contains("[rollups[1].group_by] [c] is not a group of source rollup [r5]"), all);
        assertTrue(all.contains("[rollups[1].metrics.x] [min] needs [min] of [x] in source rollup [r5]"), all);
        assertTrue(all.contains("[rollups[1].metrics.x] [avg] needs [value_count] of [x]"), all);
        assertTrue(all.contains("[rollups[1].percentiles.e] source rollup [r5] keeps no t-digest of [e]"), all);
        assertTrue(all.contains("[rollups[2].source_rollup] [nope] is not a rollup listed before this one"), all);
    }

    @Test
    void digestFieldsOfRawDocumentsAndTheirCascades() {
        Map<String, Object> fine = Map.of("name", "lat-15m", "interval", "15m", "group_by", List.of("transaction.type"),
                "digests", Map.of("latency_digest.payment", List.of(50, 75, 90, 95, 99.9)), "target", "lat-rollup-15m");
        Map<String, Object> coarse = Map.of("name", "lat-1h", "source_rollup", "lat-15m", "interval", "1h",
                "digests", Map.of("latency_digest.payment", List.of(95)), "target", "lat-rollup-1h");
        RetentionPolicy p = PolicyParser.parse("lat", Map.of("index_patterns", List.of("app-latency-*"),
                "rollups", List.of(fine, coarse),
                "alerts", List.of(Map.of("name", "slow", "rollup", "lat-15m", "metric", "latency_digest.payment.p95",
                        "threshold", 800))));
        RetentionPolicy.RollupSpec r = p.rollups().get(0);
        assertEquals(List.of("latency_digest.payment"), List.copyOf(r.digests().keySet()));
        assertTrue(r.percentiles().isEmpty());
        assertTrue(r.keepDigests(), "the cascade merges lat-15m's digests, so lat-15m stores them");
        assertTrue(RollupFields.produced(r).containsAll(List.of("latency_digest.payment.p99_9", "latency_digest.payment.count",
                "latency_digest.payment.min", "latency_digest.payment.max", "doc_count")), RollupFields.produced(r).toString());
        assertEquals(List.of("latency_digest.payment"), List.copyOf(p.rollups().get(1).digestFields().keySet()));
    }

    @Test
    void digestErrorsNameTheKeyAndValue() {
        Map<String, Object> bad = Map.of("name", "r", "interval", "15m", "metrics", Map.of("d", List.of("max")),
                "percentiles", Map.of("d", List.of(95)),
                "digests", Map.of("d", List.of(0, 95, 100, "x"), "e", List.of(), "f", "p95"), "target", "r-t");
        Map<String, Object> typo = Map.of("name", "s", "interval", "15m", "digest", Map.of("d", List.of(95)), "target", "s-t");
        Map<String, Object> fine = Map.of("name", "q", "interval", "15m", "percentiles", Map.of("d", List.of(95)), "target", "q-t");
        Map<String, Object> cascade = Map.of("name", "q1h", "source_rollup", "q", "interval", "1h",
                "digests", Map.of("d", List.of(95)), "target", "q1h-t");
        PolicyValidationException e = assertThrows(PolicyValidationException.class, () -> PolicyParser.parse("p",
                Map.of("index_patterns", List.of("x-*"), "rollups", List.of(bad, typo, fine, cascade))));
        String all = String.join("\n", e.errors());
        assertTrue(all.contains("[rollups[0].digests.d[0]] [0] must be in (0, 100)"), all);
        assertTrue(all.contains("[rollups[0].digests.d[2]] [100] must be in (0, 100)"), all);
        assertTrue(all.contains("[rollups[0].digests.d[3]] must be a number, got [x]"), all);
        assertTrue(all.contains("[rollups[0].digests.e] must list at least one percent"), all);
        assertTrue(all.contains("[rollups[0].digests.f] must be an array, got [p95]"), all);
        assertTrue(all.contains("[rollups[0].digests.d] [d] is also used in percentiles"), all);
        assertTrue(all.contains("[rollups[0].digests.d] [d] is also used in metrics"), all);
        assertTrue(all.contains("[rollups[1].digest] unknown key"), all);
        assertTrue(all.contains("[rollups[1]] needs at least one of metrics, rates, percentiles or digests"), all);
        assertTrue(all.contains("[rollups[3].digests.d] source rollup [q] merges no digests of [d]"), all);
    }

    @Test
    void warmMustComeBeforeDelete() {
        Map<String, Object> bad = Map.of("index_patterns", List.of("x-*"),
                "phases", Map.of("warm", Map.of("min_age", "9d"), "delete", Map.of("min_age", "8d")));
        PolicyValidationException e = assertThrows(PolicyValidationException.class, () -> PolicyParser.parse("p", bad));
        assertTrue(e.getMessage().contains("[phases.delete.min_age] [8d] must be greater than phases.warm.min_age [9d]"));
    }

    @Test
    void indexDateFromNameOrCreation() {
        IndexDate byName = IndexDate.fromName("yyyy.MM.dd");
        assertEquals(1795219200000L, byName.dayStartMillis("flows-2026.11.21", 5).getAsLong());
        assertTrue(byName.dayStartMillis("flows-latest", 5).isEmpty());
        assertEquals(5, IndexDate.creationDate().dayStartMillis("flows-latest", 5).getAsLong());
        RetentionPolicy p = PolicyParser.parse("c", Map.of("index_patterns", List.of("x-*"),
                "index_date", Map.of("source", "creation_date"), "phases", Map.of("delete", Map.of("min_age", "10s"))));
        assertEquals(IndexDate.Source.CREATION_DATE, p.indexDate().source());
        assertNull(p.warm());
    }

    @Test
    void patterns() {
        assertTrue(IndexPatterns.matches("flows-*", "flows-2026.11.21"));
        assertTrue(IndexPatterns.matches("*-rollup-*", "flows-rollup-5m"));
        assertTrue(!IndexPatterns.matches("flows-*", "latency-2026.11.21"));
        assertTrue(IndexPatterns.matches("exact", "exact"));
    }
}

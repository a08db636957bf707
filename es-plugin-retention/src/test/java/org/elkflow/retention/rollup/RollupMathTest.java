package org.elkflow.retention.rollup;

import org.elkflow.retention.policy.PolicyParser;
import org.elkflow.retention.policy.RetentionPolicy;
import org.elkflow.sketch.MergingDigest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class RollupMathTest {

    @Test
    void windows() {
        assertEquals(600_000, RollupWindows.floor(899_999, 300_000));
        assertEquals(-300_000, RollupWindows.floor(-1, 300_000));
        // now 20:00 + 30s, delay 1m: the window ending 20:00 is not ready yet (ready up to 19:55)
        long t20 = 20 * 3_600_000L;
        assertEquals(t20 - 300_000, RollupWindows.readyUpTo(0, t20 + 30_000, 60_000, 300_000, 1_000_000));
        assertEquals(3 * 300_000, RollupWindows.readyUpTo(0, t20 + 30_000, 60_000, 300_000, 3));
        assertEquals(t20, RollupWindows.readyUpTo(t20, t20, 60_000, 300_000, 10));
        assertEquals("r-2026.11", RollupWindows.targetIndex("r-{yyyy.MM}", 1795219200000L));
        assertEquals("r-2026.11.21", RollupWindows.targetIndex("r-{yyyy.MM.dd}", 1795219200000L));
    }

    @Test
    void targetIndexTakesTheUtcDateOfTheBucket() {
        java.time.format.DateTimeFormatter day = java.time.format.DateTimeFormatter.ofPattern("yyyy.MM.dd")
                .withZone(java.time.ZoneOffset.UTC);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        // 1900-01-01 .. 2199-12-31, plus the last and first millisecond of a day around the epoch
        long lo = -2_208_988_800_000L;
        long hi = 7_258_118_400_000L;
        List<Long> times = new java.util.ArrayList<>(List.of(-1L, 0L, 86_399_999L, 86_400_000L, 951_782_400_000L));
        for (int i = 0; i < 10_000; i++) {
            times.add(rnd.nextLong(lo, hi));
        }
        for (long t : times) {
            String d = day.format(java.time.Instant.ofEpochMilli(t));
            assertEquals("r-" + d, RollupWindows.targetIndex("r-{yyyy.MM.dd}", t), "at " + t);
            assertEquals("r-" + d.substring(0, 7), RollupWindows.targetIndex("r-{yyyy.MM}", t), "at " + t);
            assertEquals(d.substring(0, 4) + "-r", RollupWindows.targetIndex("{yyyy}-r", t), "at " + t);
        }
        assertEquals("fixed-name", RollupWindows.targetIndex("fixed-name", 0));
    }

    @Test
    void idsAreDeterministicAndUnambiguous() {
        String a = RollupDocId.of("r", 1000, Arrays.asList("a b", "c"));
        assertEquals(a, RollupDocId.of("r", 1000, Arrays.asList("a b", "c")));
        assertNotEquals(a, RollupDocId.of("r", 1000, Arrays.asList("a", "b c")));
        assertNotEquals(a, RollupDocId.of("r", 2000, Arrays.asList("a b", "c")));
        assertNotEquals(RollupDocId.of("r", 1, Arrays.asList((Object) null)), RollupDocId.of("r", 1, List.of("null")));
        // the id is the first 18 bytes of SHA-256 over the length-prefixed key, url-safe base64: pinned, because
        // a changed id would make a window redone after an upgrade write a second document instead of overwriting
        assertEquals("I85OdHczDN3BVxazeYEn2FNg", RollupDocId.of("tm-5m", 1795219200000L, Arrays.asList("10.0.0.1", null, 6)));
    }

    @Test
    void documentCarriesMetricsRatesAndPercentiles() {
        RetentionPolicy.RollupSpec spec = PolicyParser.parse("flows",
                org.elkflow.retention.policy.PolicyParserTest.flowsPolicy()).rollups().get(0);
        MergingDigest durations = MergingDigest.of(MergingDigest.DEFAULT_COMPRESSION, 10, 20, 30, 40);
        RollupBucket b = new RollupBucket(spec, 0, Arrays.asList("10.0.0.1", "10.0.0.2", "tcp"), 3)
                .stats("network.bytes", 3000, 500, 1500, 3)
                .stats("network.packets", 30, 5, 15, 3)
                .digest("event.duration", new double[] {50, 95, 99.9}, durations, true);
        Map<String, Object> doc = b.document();
        assertEquals(3000 * 8 / 300.0, (Double) doc.get("bps"), 1e-12);
        assertEquals(Map.of("sum", 3000.0, "max", 1500.0), doc.get("network.bytes"));
        assertEquals("10.0.0.2", doc.get("destination.ip"));
        @SuppressWarnings("unchecked")
        Map<String, Object> dur = (Map<String, Object>) doc.get("event.duration");
        assertEquals(List.of("p50", "p95", "p99_9", "count", "min", "max", "digest"), List.copyOf(dur.keySet()));
        assertEquals(25.0, dur.get("p50"), "R-7 of four single values");
        assertEquals(4L, dur.get("count"));
        assertEquals(10.0, dur.get("min"));
        assertEquals(40.0, dur.get("max"));
        // the stored digest is elkflow-sketch's layout and answers exactly the stored percentiles
        MergingDigest stored = MergingDigest.fromBytes(Base64.getDecoder().decode((String) dur.get("digest")));
        assertEquals(dur.get("p95"), stored.percentile(95));
        assertEquals("flows-rollup-5m-1970.01", b.index());
    }

    @Test
    void emptyDigestsAndUnkeptDigests() {
        RetentionPolicy.RollupSpec spec = PolicyParser.parse("flows",
                org.elkflow.retention.policy.PolicyParserTest.flowsPolicy()).rollups().get(0);
        Map<String, Object> doc = new RollupBucket(spec, 0, Arrays.asList("a", "b", null), 1)
                .digest("event.duration", new double[] {95}, new MergingDigest(), true).document();
        Map<String, Object> empty = new java.util.HashMap<>();
        empty.put("p95", null);
        empty.put("count", 0L);
        empty.put("min", null);
        empty.put("max", null);
        assertEquals(empty, doc.get("event.duration"), "no values: no digest, null percentiles");
        Map<?, ?> unkept = (Map<?, ?>) new RollupBucket(spec, 0, Arrays.asList("a", "b", null), 1)
                .digest("event.duration", new double[] {95}, MergingDigest.of(200, 7), false).document().get("event.duration");
        assertEquals(7.0, unkept.get("p95"));
        assertFalse(unkept.containsKey("digest"));
    }
}

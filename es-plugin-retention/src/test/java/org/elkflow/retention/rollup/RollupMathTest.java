package org.elkflow.retention.rollup;

import org.elkflow.retention.policy.PolicyParser;
import org.elkflow.retention.policy.RetentionPolicy;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void idsAreDeterministicAndUnambiguous() {
        String a = RollupDocId.of("r", 1000, Arrays.asList("a b", "c"));
        assertEquals(a, RollupDocId.of("r", 1000, Arrays.asList("a b", "c")));
        assertNotEquals(a, RollupDocId.of("r", 1000, Arrays.asList("a", "b c")));
        assertNotEquals(a, RollupDocId.of("r", 2000, Arrays.asList("a b", "c")));
        assertNotEquals(RollupDocId.of("r", 1, Arrays.asList((Object) null)), RollupDocId.of("r", 1, List.of("null")));
    }

    @Test
    void documentCarriesMetricsRatesAndPercentiles() {
        RetentionPolicy.RollupSpec spec = PolicyParser.parse("flows",
                org.elkflow.retention.policy.PolicyParserTest.flowsPolicy()).rollups().get(0);
        RollupBucket b = new RollupBucket(spec, 0, Arrays.asList("10.0.0.1", "10.0.0.2", "tcp"), 3)
                .stats("network.bytes", 3000, 500, 1500, 3)
                .stats("network.packets", 30, 5, 15, 3)
                .percentiles("event.duration", new double[] {50, 95, 99.9}, new double[] {1, 2, 3}, "AAA=");
        Map<String, Object> doc = b.document();
        assertEquals(3000 * 8 / 300.0, (Double) doc.get("bps"), 1e-12);
        assertEquals(Map.of("sum", 3000.0, "max", 1500.0), doc.get("network.bytes"));
        assertEquals("10.0.0.2", doc.get("destination.ip"));
        @SuppressWarnings("unchecked")
        Map<String, Object> dur = (Map<String, Object>) doc.get("event.duration");
        assertEquals(2.0, dur.get("p95"));
        assertEquals("AAA=", dur.get("tdigest"));
        assertEquals("flows-rollup-5m-1970.01", b.index());
    }
}

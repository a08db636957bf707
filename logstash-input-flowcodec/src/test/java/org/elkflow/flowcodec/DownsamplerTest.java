package org.elkflow.flowcodec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DownsamplerTest {

    private static Map<String, Object> flow(int i, Long samplingRate) {
        Map<String, Object> event = new HashMap<>();
        event.put("source", new HashMap<>(Map.of("ip", "10.0." + (i >> 8 & 255) + "." + (i & 255), "port", 1024L + i % 5000)));
        event.put("destination", new HashMap<>(Map.of("ip", "192.0.2." + i % 200, "port", 443L)));
        event.put("network", new HashMap<>(Map.of("bytes", 1000L, "packets", 2L, "iana_number", "6")));
        event.put("observer", new HashMap<>(Map.of("ip", "127.0.0.1")));
        if (samplingRate != null) {
            event.put("flow", new HashMap<>(Map.of("sampling_rate", samplingRate)));
        }
        return event;
    }

    @Test
    void keepsAboutOneInNDeterministicallyAndMarksTheEffectiveRate() {
        Downsampler d = new Downsampler(10);
        int kept = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            Map<String, Object> event = flow(i, i % 2 == 0 ? 100L : null);
            boolean keep = d.keep(event);
            assertEquals(keep, new Downsampler(10).keep(flow(i, i % 2 == 0 ? 100L : null)), "deterministic");
            if (keep) {
                kept++;
                @SuppressWarnings("unchecked")
                Map<String, Object> f = (Map<String, Object>) event.get("flow");
                assertEquals(10L, f.get("downsample_rate"));
                assertEquals(i % 2 == 0 ? 1000L : 10L, f.get("effective_sampling_rate"));
            } else {
                assertFalse(event.containsKey("flow") && ((Map<?, ?>) event.get("flow")).containsKey("downsample_rate"));
            }
        }
        // 10,000 expected; binomial standard deviation ~95, so ±600 never fails by chance.
        assertTrue(Math.abs(kept - n / 10) < 600, "kept " + kept);
    }

    @Test
    void recordsOfOneFlowShareTheDecisionAndNonFlowEventsPass() {
        Downsampler d = new Downsampler(3);
        for (int i = 0; i < 1000; i++) {
            assertEquals(d.keep(flow(i, null)), d.keep(flow(i, 7L)));
        }
        assertTrue(d.keep(new HashMap<>(Map.of("event", Map.of("action", "netflow_options")))));
        assertTrue(new Downsampler(1).keep(flow(1, null)));
        assertThrows(IllegalArgumentException.class, () -> new Downsampler(0));
    }
}

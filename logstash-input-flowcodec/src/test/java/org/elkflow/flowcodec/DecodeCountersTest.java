package org.elkflow.flowcodec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class DecodeCountersTest {

    @Test
    void metricNames() {
        assertEquals("malformed", DropReason.MALFORMED.metricName());
        assertEquals("unsupported_version", DropReason.UNSUPPORTED_VERSION.metricName());
        assertEquals("template_missing", DropReason.TEMPLATE_MISSING.metricName());
    }

    @Test
    void countsPerOutcome() {
        DecodeCounters counters = new DecodeCounters();
        counters.onDecoded(30);
        counters.onDecoded(0);
        counters.onDecoded(2);
        counters.onDropped(DropReason.MALFORMED, "a");
        counters.onDropped(DropReason.MALFORMED, "b");
        counters.onDropped(DropReason.TEMPLATE_MISSING, "c");
        assertEquals(3, counters.datagramsDecoded());
        assertEquals(32, counters.recordsDecoded());
        assertEquals(2, counters.dropped(DropReason.MALFORMED));
        assertEquals(0, counters.dropped(DropReason.UNSUPPORTED_VERSION));
        assertEquals(1, counters.dropped(DropReason.TEMPLATE_MISSING));
        assertEquals(3, counters.droppedTotal());
        assertEquals("DecodeCounters{datagrams=3, records=32, malformed=2, unsupported_version=0, template_missing=1, "
                        + "template_invalid=0, template_limit=0, exporter_limit=0, unknown_record=0}",
                counters.toString());
    }

    @Test
    void concurrentUpdatesAreNotLost() throws Exception {
        DecodeCounters counters = new DecodeCounters();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        counters.onDecoded(3);
                        counters.onDropped(DropReason.UNSUPPORTED_VERSION, "v9");
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(80_000, counters.datagramsDecoded());
        assertEquals(240_000, counters.recordsDecoded());
        assertEquals(80_000, counters.dropped(DropReason.UNSUPPORTED_VERSION));
        assertEquals(80_000, counters.droppedTotal());
    }
}

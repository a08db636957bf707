package org.elkflow.logstash.testkit;

import co.elastic.logstash.api.CounterMetric;
import co.elastic.logstash.api.NamespacedMetric;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestMetricTest {

    @Test
    void sameNameGivesTheSameCounter() {
        TestMetric metric = new TestMetric();
        CounterMetric first = metric.counter("received");
        first.increment();
        assertSame(first, metric.counter("received"));
        metric.increment("received");
        metric.increment("received", 3);
        assertEquals(5, metric.counterValue("received"));
    }

    @Test
    void namespacesNest() {
        TestMetric metric = new TestMetric();
        metric.namespace("datagrams").counter("received").increment(2);
        metric.namespace("datagrams", "dropped").counter("malformed").increment();
        metric.counter("datagrams_received").increment(7);
        assertEquals(2, metric.counterValue("datagrams", "received"));
        assertEquals(1, metric.counterValue("datagrams", "dropped", "malformed"));
        assertEquals(7, metric.counterValue("datagrams_received"));
        assertEquals(1, metric.namespace("datagrams").counterValue("dropped", "malformed"));
        assertEquals(Map.of("datagrams", Map.of("received", 2L, "dropped", Map.of("malformed", 1L)),
                "datagrams_received", 7L), metric.snapshot());
        assertArrayEquals(new String[] {"datagrams", "dropped"}, metric.namespace("datagrams", "dropped").namespaceName());
    }

    @Test
    void rootReachesTheWholeTree() {
        TestMetric metric = new TestMetric().namespace("a", "b");
        metric.increment("c");
        NamespacedMetric fromRoot = metric.root().namespace("a");
        assertEquals(1, ((TestMetric) fromRoot).counterValue("b", "c"));
    }

    @Test
    void negativeIncrementIsRejected() {
        TestMetric metric = new TestMetric();
        assertThrows(IllegalArgumentException.class, () -> metric.counter("x").increment(-1));
        assertThrows(IllegalArgumentException.class, () -> metric.increment("x", -5));
        assertEquals(0, metric.counterValue("x"));
    }

    @Test
    void resetZeroesTheCounter() {
        TestMetric metric = new TestMetric();
        metric.counter("x").increment(4);
        metric.counter("x").reset();
        assertEquals(0, metric.counterValue("x"));
    }

    @Test
    void countersAreThreadSafe() throws InterruptedException {
        TestMetric metric = new TestMetric();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    metric.namespace("events").counter("in").increment();
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(80_000, metric.counterValue("events", "in"));
    }

    @Test
    void gaugeKeepsTheLastValue() {
        TestMetric metric = new TestMetric();
        metric.gauge("templates", 3L);
        metric.gauge("templates", 4L);
        metric.namespace("cache").gauge("state", "warm");
        assertEquals(4L, metric.gaugeValue("templates"));
        assertEquals("warm", metric.gaugeValue("cache", "state"));
    }

    @Test
    void timerMeasuresRealTimeAndAcceptsReports() throws Exception {
        TestMetric metric = new TestMetric();
        String result = metric.timer("decode").time(() -> {
            Thread.sleep(30);
            return "done";
        });
        assertEquals("done", result);
        assertTrue(metric.timerMillis("decode") >= 29, "measured " + metric.timerMillis("decode"));
        long before = metric.timerMillis("decode");
        metric.reportTime("decode", 1000);
        assertEquals(before + 1000, metric.timerMillis("decode"));
        assertEquals(7, (int) metric.time("other", () -> 7));
        assertThrows(IllegalArgumentException.class, () -> metric.timer("decode").reportUntrackedMillis(-1));
    }

    @Test
    void missingMetricFailsTheAssertionListingWhatExists() {
        TestMetric metric = new TestMetric();
        metric.namespace("datagrams").counter("received");
        AssertionError e = assertThrows(AssertionError.class, () -> metric.counterValue("datagrams", "recieved"));
        assertTrue(e.getMessage().contains("received"), e.getMessage());
        assertThrows(AssertionError.class, () -> metric.counterValue("nowhere", "x"));
        assertThrows(AssertionError.class, () -> metric.gaugeValue("datagrams", "received"));
    }

    @Test
    void oneNameCannotBeTwoKindsOfMetric() {
        TestMetric metric = new TestMetric();
        metric.counter("x");
        assertThrows(IllegalStateException.class, () -> metric.gauge("x", 1));
        assertThrows(IllegalStateException.class, () -> metric.namespace("x").counter("y"));
    }
}

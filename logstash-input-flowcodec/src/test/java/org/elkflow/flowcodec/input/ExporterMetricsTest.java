package org.elkflow.flowcodec.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.logstash.api.Context;
import co.elastic.logstash.api.CounterMetric;
import co.elastic.logstash.api.DeadLetterQueueWriter;
import co.elastic.logstash.api.DeprecationLogger;
import co.elastic.logstash.api.EventFactory;
import co.elastic.logstash.api.Metric;
import co.elastic.logstash.api.NamespacedMetric;
import co.elastic.logstash.api.Plugin;
import co.elastic.logstash.api.TimerMetric;
import org.apache.logging.log4j.Logger;
import org.elkflow.flowcodec.DropReason;
import org.elkflow.flowcodec.testing.V5DatagramBuilder;
import org.elkflow.logstash.testkit.PipelineDriver;
import org.elkflow.logstash.testkit.Plugins;
import org.elkflow.logstash.testkit.TestConfiguration;
import org.elkflow.logstash.testkit.TestContext;
import org.elkflow.logstash.testkit.TestMetric;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * Per-exporter plugin metrics ({@code exporters.<address key>.*}): exact counters for two exporters sending over
 * loopback from different source addresses, published while the input runs and once more at stop, created and
 * updated only on the thread Logstash runs {@code start()} on; and the {@code max_exporter_stats} bound with its
 * {@code other} bucket.
 */
class ExporterMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int RECORDS = 3;
    private static final byte[] V5 = new V5DatagramBuilder().records(RECORDS).bytes();
    /** Header announces 2 records, the datagram ends 10 bytes into the second. */
    private static final byte[] TRUNCATED_V5 = new V5DatagramBuilder().records(2).truncateBy(38).bytes();
    private static final byte[] VERSION_7 = new V5DatagramBuilder().version(7).records(1).bytes();

    @Test
    void twoExportersOnLoopbackGetExactCountersFromTheInputThreadOnly() throws Exception {
        TestContext context = new TestContext();
        RecordingContext recording = new RecordingContext(context);
        Map<String, Object> settings = new HashMap<>(Map.of("host", "127.0.0.1", "port", 0L, "workers", 2L,
                "allowed_exporters", List.of("127.0.0.1", "127.0.0.2"), "stats_interval_seconds", 0L));
        String id = "flowcodec_exporter_metrics";
        settings.put("id", id);
        FlowCodec input = new FlowCodec(id, TestConfiguration.of(settings), recording);
        InetAddress first = InetAddress.getByName("127.0.0.1");
        InetAddress second = InetAddress.getByName("127.0.0.2");
        InetAddress refused = InetAddress.getByName("127.0.0.3");
        TestMetric exporters = context.metrics(input).namespace(ExporterMetrics.NAMESPACE);
        Map<String, Long> firstExpected = expected(3, 3, 3 * RECORDS, Map.of());
        Map<String, Long> secondExpected = expected(4, 2, 2 * RECORDS, Map.of("dropped_malformed", 1L,
                "dropped_unsupported_version", 1L));
        Map<String, Long> refusedExpected = expected(1, 0, 0, Map.of("dropped_not_allowed", 1L));
        try (PipelineDriver driver = PipelineDriver.builder().input(input).build()) {
            driver.start();
            InetSocketAddress target = input.awaitListening(WAIT.toMillis());
            assertNotNull(target, "input did not bind");
            for (int i = 0; i < 3; i++) {
                FlowCodecReceivePathTest.send(first, target, V5);
            }
            FlowCodecReceivePathTest.send(second, target, V5);
            FlowCodecReceivePathTest.send(second, target, TRUNCATED_V5);
            FlowCodecReceivePathTest.send(second, target, VERSION_7);
            FlowCodecReceivePathTest.send(second, target, V5);
            FlowCodecReceivePathTest.send(refused, target, V5);
            assertEquals(5 * RECORDS, driver.awaitEvents(5 * RECORDS, WAIT).size());

            // Published by the running input (every second), not only at stop.
            awaitCounters(exporters, "127_0_0_1", firstExpected);
            awaitCounters(exporters, "127_0_0_2", secondExpected);
            awaitCounters(exporters, "127_0_0_3", refusedExpected);
        }
        // After stop (the driver's close), the final publication: every counter of every namespace, exactly.
        Map<String, Object> all = exporters.snapshot();
        assertEquals(Set.of("127_0_0_1", "127_0_0_2", "127_0_0_3", "other"), all.keySet(), all.toString());
        assertEquals(firstExpected, counters(exporters, "127_0_0_1"));
        assertEquals(secondExpected, counters(exporters, "127_0_0_2"));
        assertEquals(refusedExpected, counters(exporters, "127_0_0_3"));
        assertEquals(expected(0, 0, 0, Map.of()), counters(exporters, "other"));
        assertEquals("127.0.0.1", exporters.gaugeValue("127_0_0_1", ExporterMetrics.ADDRESS_GAUGE));
        assertEquals("127.0.0.2", exporters.gaugeValue("127_0_0_2", ExporterMetrics.ADDRESS_GAUGE));

        // The per-exporter counters add up to the plugin's totals.
        TestMetric totals = context.metrics(input);
        for (String name : ExporterStats.COUNTER_NAMES) {
            long sum = 0;
            for (String key : all.keySet()) {
                sum += exporters.counterValue(key, name);
            }
            assertEquals(totals.counterValue(name), sum, name);
        }

        // Logstash names the thread it runs start() on <pipeline>_<plugin name>_<plugin id>; so does the driver.
        String inputThread = "main_flowcodec_" + id;
        Map<String, String> firstCallByThread = new TreeMap<>();
        for (RecordingContext.Call call : recording.calls) {
            if (call.path().contains(ExporterMetrics.NAMESPACE)) {
                firstCallByThread.putIfAbsent(call.thread(), call.what() + " at " + call.path());
            }
        }
        assertEquals(Set.of(inputThread), firstCallByThread.keySet(),
                "threads that created or updated exporters.* metric handles: " + firstCallByThread);
        assertTrue(recording.calls.stream().anyMatch(c -> c.path().contains("127_0_0_2")
                && c.what().equals("increment dropped_malformed 1")), "increments were recorded");
    }

    @Test
    void maxExporterStatsBoundsTheNamespacesAndCountsTheRestUnderOther() throws Exception {
        TestContext context = new TestContext();
        FlowCodec input = Plugins.create(FlowCodec.class, Map.of("host", "127.0.0.1", "port", 0L,
                "max_exporter_stats", 1L, "stats_interval_seconds", 0L), context);
        TestMetric exporters = context.metrics(input).namespace(ExporterMetrics.NAMESPACE);
        Map<String, Long> otherExpected = expected(3, 2, 2 * RECORDS, Map.of("dropped_malformed", 1L));
        try (PipelineDriver driver = PipelineDriver.builder().input(input).build()) {
            driver.start();
            InetSocketAddress target = input.awaitListening(WAIT.toMillis());
            assertNotNull(target, "input did not bind");
            // The first source seen takes the only slot; wait for it so the order is certain.
            FlowCodecReceivePathTest.send(InetAddress.getByName("127.0.0.1"), target, V5);
            assertEquals(RECORDS, driver.awaitEvents(RECORDS, WAIT).size());
            FlowCodecReceivePathTest.send(InetAddress.getByName("127.0.0.2"), target, V5);
            FlowCodecReceivePathTest.send(InetAddress.getByName("127.0.0.3"), target, V5);
            FlowCodecReceivePathTest.send(InetAddress.getByName("127.0.0.3"), target, TRUNCATED_V5);
            assertEquals(3 * RECORDS, driver.awaitEvents(3 * RECORDS, WAIT).size());
            awaitCounters(exporters, "other", otherExpected);
        }
        assertEquals(Set.of("127_0_0_1", "other"), exporters.snapshot().keySet(), exporters.toString());
        assertEquals(expected(1, 1, RECORDS, Map.of()), counters(exporters, "127_0_0_1"));
        assertEquals(otherExpected, counters(exporters, "other"));
        assertEquals("other", exporters.gaugeValue("other", ExporterMetrics.ADDRESS_GAUGE));
    }

    @Test
    void keysAreAddressesWithoutDotsOrColons() {
        assertEquals("192_0_2_1", ExporterMetrics.key("192.0.2.1"));
        assertEquals("__1", ExporterMetrics.key("::1"));
        assertEquals("2001_db8__17", ExporterMetrics.key("2001:db8::17"));
        assertEquals("fe80__1_2_3_4", ExporterMetrics.key("fe80::1:2:3:4"));
        assertEquals("__ffff_c000_201", ExporterMetrics.key("::ffff:c000:201"));
    }

    /** Every per-exporter counter: the given ones, every other one 0 (events = records: no downsampling). */
    private static Map<String, Long> expected(long received, long decoded, long records, Map<String, Long> drops) {
        Map<String, Long> out = new TreeMap<>();
        for (String name : ExporterStats.COUNTER_NAMES) {
            out.put(name, 0L);
        }
        out.put("datagrams_received", received);
        out.put("datagrams_decoded", decoded);
        out.put("records_decoded", records);
        out.put("events_emitted", records);
        out.putAll(drops);
        assertEquals(ExporterStats.COUNTER_NAMES.size(), out.size(), "unknown counter in " + drops);
        for (DropReason reason : DropReason.values()) {
            assertTrue(out.containsKey("dropped_" + reason.metricName()));
        }
        return out;
    }

    private static Map<String, Long> counters(TestMetric exporters, String key) {
        Map<String, Long> out = new TreeMap<>();
        for (String name : ExporterStats.COUNTER_NAMES) {
            out.put(name, exporters.counterValue(key, name));
        }
        return out;
    }

    /** Waits until one publication shows all of {@code expected} (a datagram's counters move one by one). */
    private static void awaitCounters(TestMetric exporters, String key, Map<String, Long> expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, Object> seen = Map.of();
        while (System.nanoTime() < deadline) {
            if (exporters.snapshot().get(key) instanceof Map<?, ?> namespace) {
                seen = new TreeMap<>();
                for (Map.Entry<?, ?> e : namespace.entrySet()) {
                    seen.put(e.getKey().toString(), e.getValue());
                }
                seen.remove(ExporterMetrics.ADDRESS_GAUGE);
                if (seen.equals(expected)) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        assertEquals(expected, seen, "exporters." + key + " while the input runs");
    }

    /**
     * The test kit's context, with every metric call (namespace, counter, gauge, increment) recorded with its thread
     * and path, so the test can tell which thread made the per-exporter handles and moved them.
     */
    private static final class RecordingContext implements Context {

        record Call(String thread, List<String> path, String what) {
        }

        final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
        private final TestContext delegate;

        RecordingContext(TestContext delegate) {
            this.delegate = delegate;
        }

        @Override
        public DeadLetterQueueWriter getDlqWriter() {
            return delegate.getDlqWriter();
        }

        @Override
        public NamespacedMetric getMetric(Plugin plugin) {
            return new Recorded(delegate.getMetric(plugin));
        }

        @Override
        public Logger getLogger(Plugin plugin) {
            return delegate.getLogger(plugin);
        }

        @Override
        public DeprecationLogger getDeprecationLogger(Plugin plugin) {
            return delegate.getDeprecationLogger(plugin);
        }

        @Override
        public EventFactory getEventFactory() {
            return delegate.getEventFactory();
        }

        private void record(String[] path, String what) {
            calls.add(new Call(Thread.currentThread().getName(), List.of(path), what));
        }

        private final class Recorded implements NamespacedMetric {
            private final NamespacedMetric metric;

            Recorded(NamespacedMetric metric) {
                this.metric = metric;
            }

            @Override
            public NamespacedMetric namespace(String... key) {
                String[] path = Arrays.copyOf(metric.namespaceName(), metric.namespaceName().length + key.length);
                System.arraycopy(key, 0, path, metric.namespaceName().length, key.length);
                record(path, "namespace");
                return new Recorded(metric.namespace(key));
            }

            @Override
            public void gauge(String name, Object value) {
                record(metric.namespaceName(), "gauge " + name);
                metric.gauge(name, value);
            }

            @Override
            public CounterMetric counter(String name) {
                String[] path = metric.namespaceName();
                record(path, "counter " + name);
                CounterMetric counter = metric.counter(name);
                return new CounterMetric() {
                    @Override
                    public void increment() {
                        increment(1);
                    }

                    @Override
                    public void increment(long delta) {
                        // The plugin's own totals are moved by readers and workers by design; only exporters.* is
                        // recorded, to keep the journal small.
                        if (Arrays.asList(path).contains(ExporterMetrics.NAMESPACE)) {
                            record(path, "increment " + name + " " + delta);
                        }
                        counter.increment(delta);
                    }

                    @Override
                    public long getValue() {
                        return counter.getValue();
                    }

                    @Override
                    public void reset() {
                        counter.reset();
                    }
                };
            }

            @Override
            public TimerMetric timer(String name) {
                record(metric.namespaceName(), "timer " + name);
                return metric.timer(name);
            }

            @Override
            public void increment(String name) {
                counter(name).increment();
            }

            @Override
            public void increment(String name, int delta) {
                counter(name).increment(delta);
            }

            @Override
            public <T> T time(String name, Supplier<T> callable) {
                return timer(name).<T, RuntimeException>time(callable::get);
            }

            @Override
            public void reportTime(String name, long duration) {
                timer(name).reportUntrackedMillis(duration);
            }

            @Override
            public String[] namespaceName() {
                return metric.namespaceName();
            }

            @Override
            public Metric root() {
                return metric.root();
            }
        }
    }
}

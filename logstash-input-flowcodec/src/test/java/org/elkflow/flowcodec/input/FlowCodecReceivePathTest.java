package org.elkflow.flowcodec.input;

import org.elkflow.flowcodec.testing.SharedData;
import org.elkflow.logstash.testkit.PipelineDriver;
import org.elkflow.logstash.testkit.Plugins;
import org.elkflow.logstash.testkit.TestContext;
import org.elkflow.logstash.testkit.TestMetric;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The multi-threaded receive path over loopback: several listen addresses and reuseport sockets, workers, the
 * allow-list, back-pressure filling the queue (counted exactly), and shutdown joining every thread.
 */
class FlowCodecReceivePathTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** MikroTik RouterOS v5 datagram: 30 records, 40,812 octets. */
    private static final byte[] V5 = firstV5("netflow/netflow5_test_microtik.dat");
    private static final int V5_RECORDS = 30;

    @Test
    void listensOnIpv4AndIpv6WithReuseportSocketsAndWorkers() throws Exception {
        TestContext context = new TestContext();
        Map<String, Object> config = new HashMap<>();
        boolean ipv6 = ipv6LoopbackUsable();
        config.put("listen", ipv6 ? List.of("127.0.0.1:0", "[::1]:0") : List.of("127.0.0.1:0", "127.0.0.4:0"));
        config.put("workers", 3L);
        config.put("reuseport_sockets", 2L);
        config.put("stats_interval_seconds", 1L);
        FlowCodec input = Plugins.create(FlowCodec.class, config, context);
        try (PipelineDriver driver = PipelineDriver.builder().input(input).build()) {
            driver.start();
            assertNotNull(input.awaitListening(WAIT.toMillis()));
            List<InetSocketAddress> bound = input.listeningAddresses();
            assertEquals(2, bound.size(), bound.toString());
            int datagrams = 0;
            for (String source : List.of("127.0.0.1", "127.0.0.2", "127.0.0.3")) {
                for (int i = 0; i < 4; i++) {
                    send(InetAddress.getByName(source), bound.get(0), V5);
                    datagrams++;
                }
            }
            String second = ipv6 ? "::1" : "127.0.0.4";
            for (int i = 0; i < 3; i++) {
                send(InetAddress.getByName(second), bound.get(1), V5);
                datagrams++;
            }
            assertEquals(datagrams * V5_RECORDS, driver.awaitEvents(datagrams * V5_RECORDS, WAIT).size());
            TestMetric metrics = context.metrics(input);
            awaitCounter(metrics, "datagrams_decoded", datagrams);
            assertEquals(datagrams, metrics.counterValue("datagrams_received"));
            assertEquals((long) datagrams * V5_RECORDS, metrics.counterValue("records_decoded"));
            // counted by the emit thread just after the event is handed over, so possibly a moment after it arrived
            awaitCounter(metrics, "events_emitted", (long) datagrams * V5_RECORDS);
            assertEquals(0, metrics.counterValue("dropped_queue_full"));
            assertEquals(3, driver.events().stream().filter(e -> second.equals(e.getField("[observer][ip]")))
                    .count() / V5_RECORDS);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (context.messages(Level.INFO).stream().noneMatch(m -> m.contains("stats: datagrams_received=15"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(context.messages(Level.INFO).stream().anyMatch(m -> m.contains("stats: datagrams_received=15")
                    && m.contains("127.0.0.2{received=4")), context.messages(Level.INFO).toString());
        }
        assertNoThreadsLeft(input);
    }

    @Test
    void dropsAndCountsDatagramsFromExportersNotAllowed() throws Exception {
        TestContext context = new TestContext();
        FlowCodec input = Plugins.create(FlowCodec.class, Map.of("host", "127.0.0.1", "port", 0L,
                "allowed_exporters", List.of("127.0.0.2/32", "10.0.0.0/8", "2001:db8::/32")), context);
        try (PipelineDriver driver = PipelineDriver.builder().input(input).build()) {
            driver.start();
            InetSocketAddress target = input.awaitListening(WAIT.toMillis());
            for (int i = 0; i < 3; i++) {
                send(InetAddress.getByName("127.0.0.1"), target, V5);
            }
            for (int i = 0; i < 2; i++) {
                send(InetAddress.getByName("127.0.0.2"), target, V5);
            }
            send(InetAddress.getByName("127.0.0.3"), target, V5);
            assertEquals(2 * V5_RECORDS, driver.awaitEvents(2 * V5_RECORDS, WAIT).size());
            TestMetric metrics = context.metrics(input);
            awaitCounter(metrics, "datagrams_received", 6);
            awaitCounter(metrics, "datagrams_decoded", 2);
            assertEquals(4, metrics.counterValue("dropped_not_allowed"));
            assertTrue(driver.events().stream().allMatch(e -> "127.0.0.2".equals(e.getField("[observer][ip]"))));
            assertTrue(context.messages(Level.WARN).stream().anyMatch(m -> m.contains("not in allowed_exporters")),
                    context.messages(Level.WARN).toString());
        }
        assertNoThreadsLeft(input);
    }

    /**
     * The pipeline stops consuming (its only worker blocks in the output), so the input's emit thread blocks in the
     * writer holding one decoded datagram; then the decoded queue fills ({@link DecodeWorker#DECODED_QUEUE_DATAGRAMS}),
     * the decode thread blocks handing over one more, and the datagram queue (4) fills: every further datagram is
     * counted as dropped_queue_full, exactly, while the reader keeps draining the socket.
     */
    @Test
    void backPressureFillsTheQueueAndIsCountedExactly() throws Exception {
        TestContext context = new TestContext();
        FlowCodec input = Plugins.create(FlowCodec.class, Map.of("host", "127.0.0.1", "port", 0L,
                "workers", 1L, "queue_size", 4L), context);
        CountDownLatch release = new CountDownLatch(1);
        PipelineDriver driver = PipelineDriver.builder().input(input).workers(1).batchSize(1).queueCapacity(1)
                .collector(e -> {
                    try {
                        release.await(WAIT.toMillis() * 3, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                }).build();
        try {
            driver.start();
            InetSocketAddress target = input.awaitListening(WAIT.toMillis());
            TestMetric metrics = context.metrics(input);
            // one at a time, each taken by the decode thread before the next: the one the emit thread blocks on,
            // the decoded queue's, and the one the decode thread then blocks on
            int absorbed = 1 + DecodeWorker.DECODED_QUEUE_DATAGRAMS + 1;
            for (int i = 1; i <= absorbed; i++) {
                send(InetAddress.getLoopbackAddress(), target, V5);
                awaitCounter(metrics, "datagrams_received", i);
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (input.queuedDatagrams() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertEquals(0, input.queuedDatagrams(), "the decode thread took datagram " + i);
            }
            int more = 20;
            for (int i = 0; i < more; i++) {
                send(InetAddress.getLoopbackAddress(), target, V5);
            }
            awaitCounter(metrics, "datagrams_received", absorbed + more);
            assertEquals(4, input.queuedDatagrams());
            assertEquals(more - 4, metrics.counterValue("dropped_queue_full"));
            assertTrue(context.messages(Level.WARN).stream().anyMatch(m -> m.contains("queue full")),
                    context.messages(Level.WARN).toString());

            release.countDown();
            int delivered = absorbed + 4;
            awaitCounter(metrics, "datagrams_decoded", delivered);
            assertEquals(delivered * V5_RECORDS, driver.awaitEvents(delivered * V5_RECORDS, WAIT).size());
            awaitCounter(metrics, "events_emitted", (long) delivered * V5_RECORDS);
            assertEquals(more - 4, metrics.counterValue("dropped_queue_full"));
        } finally {
            release.countDown();
            driver.close();
        }
        assertNoThreadsLeft(input);
    }

    /**
     * A stop while the pipeline is stuck: after drain_timeout_seconds (0 here) whatever the input still holds is
     * counted — queued datagrams as dropped_shutdown, decoded events not handed over as events_dropped_shutdown — so
     * datagrams and records both add up exactly.
     */
    @Test
    void stopWithAStuckPipelineCountsEveryDatagramAndEventLeft() throws Exception {
        TestContext context = new TestContext();
        FlowCodec input = Plugins.create(FlowCodec.class, Map.of("host", "127.0.0.1", "port", 0L,
                "workers", 1L, "queue_size", 64L, "drain_timeout_seconds", 0L), context);
        CountDownLatch release = new CountDownLatch(1);
        PipelineDriver driver = PipelineDriver.builder().input(input).workers(1).batchSize(1).queueCapacity(1)
                .collector(e -> {
                    try {
                        release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                }).stopTimeout(WAIT).build();
        TestMetric metrics = context.metrics(input);
        int sent = 12;
        try {
            driver.start();
            InetSocketAddress target = input.awaitListening(WAIT.toMillis());
            for (int i = 0; i < sent; i++) {
                send(InetAddress.getLoopbackAddress(), target, V5);
            }
            awaitCounter(metrics, "datagrams_received", sent);
            // the stuck collector holds the driver's worker: release it once the input has given up
            Thread releaser = new Thread(() -> {
                while (!driver.inputFinished()) {
                    Thread.onSpinWait();
                }
                release.countDown();
            });
            releaser.setDaemon(true);
            releaser.start();
            driver.stop();
        } finally {
            release.countDown();
            driver.close();
        }
        assertNoThreadsLeft(input);
        long decoded = metrics.counterValue("datagrams_decoded");
        long droppedDatagrams = metrics.counterValue("dropped_shutdown");
        assertEquals(sent, decoded + droppedDatagrams);
        assertEquals(0, metrics.counterValue("dropped_queue_full"));
        assertTrue(droppedDatagrams > 0, "datagrams left queued: " + droppedDatagrams);
        long droppedEvents = metrics.counterValue("events_dropped_shutdown");
        assertTrue(droppedEvents > 0, "decoded events left: " + droppedEvents);
        assertEquals(decoded * V5_RECORDS, metrics.counterValue("records_decoded"));
        assertEquals(decoded * V5_RECORDS, metrics.counterValue("events_emitted") + droppedEvents);
        assertTrue(context.messages(Level.WARN).stream().anyMatch(m -> m.contains("events_dropped_shutdown")),
                context.messages(Level.WARN).toString());
    }

    /** A writer that throws on an event (outside a shutdown) costs that event only: counted, logged, the rest go on. */
    @Test
    void anEventTheWriterRefusesIsCountedAndTheRestAreEmitted() throws Exception {
        TestContext context = new TestContext();
        FlowCodec input = Plugins.create(FlowCodec.class, Map.of("host", "127.0.0.1", "port", 0L), context);
        java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
        Thread runner = new Thread(() -> input.start(event -> {
            if (calls.incrementAndGet() % 3 == 0) {
                throw new IllegalArgumentException("no converter for this value");
            }
        }), "refusing-writer");
        runner.start();
        TestMetric metrics = context.metrics(input);
        try {
            InetSocketAddress target = input.awaitListening(WAIT.toMillis());
            send(InetAddress.getLoopbackAddress(), target, V5);
            awaitCounter(metrics, "events_refused", V5_RECORDS / 3);
            awaitCounter(metrics, "events_emitted", V5_RECORDS - V5_RECORDS / 3);
            assertEquals(1, metrics.counterValue("datagrams_decoded"));
            assertTrue(context.messages(Level.WARN).stream().anyMatch(m -> m.contains("refused an event")),
                    context.messages(Level.WARN).toString());
        } finally {
            input.stop();
            input.awaitStop();
            runner.join(WAIT.toMillis());
        }
        assertNoThreadsLeft(input);
        assertEquals(V5_RECORDS / 3, metrics.counterValue("events_refused"));
    }

    @Test
    void downsampleKeepsTheSameFlowsEveryTimeAndCountsTheRest() throws Exception {
        TestContext context = new TestContext();
        FlowCodec input = Plugins.create(FlowCodec.class, Map.of("host", "127.0.0.1", "port", 0L,
                "downsample", 4L), context);
        try (PipelineDriver driver = PipelineDriver.builder().input(input).build()) {
            driver.start();
            InetSocketAddress target = input.awaitListening(WAIT.toMillis());
            TestMetric metrics = context.metrics(input);
            for (int i = 0; i < 3; i++) {
                send(InetAddress.getLoopbackAddress(), target, V5);
            }
            awaitCounter(metrics, "datagrams_decoded", 3);
            // downsampled at decoding, emitted by the emit thread afterwards: every record is one or the other
            long emitted = 3L * V5_RECORDS - metrics.counterValue("events_downsampled");
            awaitCounter(metrics, "events_emitted", emitted);
            assertEquals(0, emitted % 3, "the same flows are kept from each copy of the datagram");
            assertTrue(emitted > 0 && emitted < 3L * V5_RECORDS, "emitted " + emitted);
            assertEquals(emitted, driver.awaitEvents((int) emitted, WAIT).size());
            assertTrue(driver.events().stream().allMatch(e -> Long.valueOf(4).equals(
                    e.getField("[flow][downsample_rate]")) && Long.valueOf(4).equals(
                    e.getField("[flow][effective_sampling_rate]"))));
        }
    }

    @Test
    void stopJoinsEveryThreadAndDrainsTheQueue() throws Exception {
        TestContext context = new TestContext();
        FlowCodec input = Plugins.create(FlowCodec.class, Map.of("host", "127.0.0.1", "port", 0L,
                "workers", 2L, "reuseport_sockets", 2L), context);
        PipelineDriver driver = PipelineDriver.builder().input(input).build();
        driver.start();
        InetSocketAddress target = input.awaitListening(WAIT.toMillis());
        for (int i = 0; i < 10; i++) {
            send(InetAddress.getLoopbackAddress(), target, V5);
        }
        TestMetric metrics = context.metrics(input);
        awaitCounter(metrics, "datagrams_received", 10);
        driver.stop();
        assertTrue(driver.inputFinished());
        assertNoThreadsLeft(input);
        assertEquals(10, metrics.counterValue("datagrams_decoded") + metrics.counterValue("dropped_shutdown"));
        driver.close();
    }

    /** Containers without IPv6 have no ::1; the test then listens on a second IPv4 loopback address. */
    private static boolean ipv6LoopbackUsable() {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void assertNoThreadsLeft(FlowCodec input) {
        String prefix = "flowcodec-" + input.getId() + "-";
        List<String> alive = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).filter(n -> n.startsWith(prefix)).toList();
        assertEquals(List.of(), alive, "threads of the input still alive after stop");
    }

    static void awaitCounter(TestMetric metrics, String counter, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (metrics.counterValue(counter) < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(expected, metrics.counterValue(counter), counter);
    }

    static void send(InetAddress from, InetSocketAddress target, byte[] payload) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(from, 0))) {
            socket.send(new DatagramPacket(payload, payload.length, target));
        }
    }

    private static byte[] firstV5(String relative) {
        byte[] bytes = SharedData.capture(relative);
        int count = ByteBuffer.wrap(bytes).getShort(2) & 0xffff;
        return Arrays.copyOf(bytes, Math.min(bytes.length, 24 + 48 * count));
    }
}

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
            assertEquals((long) datagrams * V5_RECORDS, metrics.counterValue("events_emitted"));
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
     * The pipeline stops consuming (its only worker blocks in the output), so the input's worker blocks in the
     * writer holding one datagram; the queue (4 datagrams) then fills and every further datagram is counted as
     * dropped_queue_full, exactly, while the reader keeps draining the socket.
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
            send(InetAddress.getLoopbackAddress(), target, V5);
            awaitCounter(metrics, "datagrams_received", 1);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (input.queuedDatagrams() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(0, input.queuedDatagrams(), "the worker took the first datagram");
            int more = 20;
            for (int i = 0; i < more; i++) {
                send(InetAddress.getLoopbackAddress(), target, V5);
            }
            awaitCounter(metrics, "datagrams_received", 1 + more);
            assertEquals(4, input.queuedDatagrams());
            assertEquals(more - 4, metrics.counterValue("dropped_queue_full"));
            assertTrue(context.messages(Level.WARN).stream().anyMatch(m -> m.contains("queue full")),
                    context.messages(Level.WARN).toString());

            release.countDown();
            awaitCounter(metrics, "datagrams_decoded", 5);
            assertEquals(5 * V5_RECORDS, driver.awaitEvents(5 * V5_RECORDS, WAIT).size());
            assertEquals(more - 4, metrics.counterValue("dropped_queue_full"));
        } finally {
            release.countDown();
            driver.close();
        }
        assertNoThreadsLeft(input);
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
            long emitted = metrics.counterValue("events_emitted");
            assertEquals(3L * V5_RECORDS, emitted + metrics.counterValue("events_downsampled"));
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

package org.elkflow.flowcodec.input;

import co.elastic.logstash.api.Event;
import org.apache.logging.log4j.Level;
import org.elkflow.flowcodec.testing.SharedData;
import org.elkflow.logstash.testkit.PipelineDriver;
import org.elkflow.logstash.testkit.Plugins;
import org.elkflow.logstash.testkit.TestContext;
import org.elkflow.logstash.testkit.TestMetric;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the input through the test kit as Logstash would and sends it real NetFlow v5 datagrams over loopback. */
class FlowCodecLoopbackTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void decodesRealV5DatagramsSentOverUdp() throws Exception {
        TestContext context = new TestContext();
        FlowCodec input = Plugins.create(FlowCodec.class, Map.of("host", "127.0.0.1", "port", 0L), context);
        try (PipelineDriver driver = PipelineDriver.builder().input(input).build()) {
            driver.start();
            InetSocketAddress target = listening(input);
            // MikroTik RouterOS: one datagram, 30 records. softflowd pcap: three datagrams, 1 + 1 + 2 records.
            send(target, capture("netflow/netflow5_test_microtik.dat"));
            for (String payload : List.of("0000.bin", "0001.bin", "0002.bin")) {
                send(target, capture("pcap/graylog-plugin-netflow/netflow5.pcap.udp/" + payload));
            }
            List<Event> events = driver.awaitEvents(34, WAIT);
            assertEquals(34, events.size());

            List<Event> mikrotik = events.stream()
                    .filter(e -> "ipv4".equals(e.getField("[network][type]")) && e.getField("[flow][sampling_rate]") == null)
                    .toList();
            assertEquals(30, mikrotik.size());
            assertEquals(40_812L, mikrotik.stream().mapToLong(e -> (Long) e.getField("[network][bytes]")).sum(),
                    "octets summed over the 30 MikroTik records");

            Event first = mikrotik.stream().filter(e -> Long.valueOf(5228).equals(e.getField("[source][port]")))
                    .findFirst().orElseThrow(() -> new AssertionError("record with source port 5228 not emitted"));
            assertEquals("10.0.13.1", first.getField("[source][ip]"));
            assertEquals("192.168.0.98", first.getField("[destination][ip]"));
            assertEquals(52734L, first.getField("[destination][port]"));
            assertEquals("tcp", first.getField("[network][transport]"));
            assertEquals(2L, first.getField("[network][packets]"));
            assertEquals(104L, first.getField("[network][bytes]"));
            assertEquals("127.0.0.1", first.getField("[observer][ip]"));
            // export time 1469109117.514 s, sys_uptime 27361640 ms, first = last = 27346270 ms: 15.370 s earlier.
            assertEquals("2016-07-21T13:51:42.144Z", first.getField("[event][start]"));
            assertEquals(Instant.parse("2016-07-21T13:51:42.144Z"), first.getEventTimestamp());

            // softflowd exports with sampling mode 1, interval 100.
            long sampled = events.stream().filter(e -> Long.valueOf(100).equals(e.getField("[flow][sampling_rate]")))
                    .count();
            assertEquals(4, sampled);

            TestMetric metrics = context.metrics(input);
            assertCounterReaches(metrics, "datagrams_decoded", 4);
            assertEquals(4, metrics.counterValue("datagrams_received"));
            assertCounterReaches(metrics, "records_decoded", 34);
        }
    }

    @Test
    void countsAndDropsMalformedDatagramsWithoutDying() throws Exception {
        TestContext context = new TestContext();
        FlowCodec input = Plugins.create(FlowCodec.class, Map.of("host", "127.0.0.1", "port", 0L), context);
        try (PipelineDriver driver = PipelineDriver.builder().input(input).build()) {
            driver.start();
            InetSocketAddress target = listening(input);
            byte[] valid = capture("netflow/netflow5_test_microtik.dat");

            send(target, Arrays.copyOf(valid, 20));                  // truncated header
            byte[] countTooLarge = Arrays.copyOf(valid, 24 + 48 * 2); // header says 30 records, 2 present
            send(target, countTooLarge);
            byte[] wrongVersion = valid.clone();
            wrongVersion[1] = 7;                                      // NetFlow v7 is not supported
            send(target, wrongVersion);
            send(target, new byte[0]);                                // empty datagram
            send(target, valid);                                      // the input must still be alive

            assertEquals(30, driver.awaitEvents(30, WAIT).size());
            TestMetric metrics = context.metrics(input);
            assertCounterReaches(metrics, "datagrams_decoded", 1);
            assertEquals(5, metrics.counterValue("datagrams_received"));
            assertEquals(3, metrics.counterValue("dropped_malformed"));
            assertEquals(1, metrics.counterValue("dropped_unsupported_version"));
            assertTrue(context.messages(Level.WARN).stream().anyMatch(m -> m.contains("malformed")),
                    "a drop is logged: " + context.messages(Level.WARN));
        }
    }

    @Test
    void stopEndsTheInputWhileItWaitsForDatagrams() throws Exception {
        TestContext context = new TestContext();
        FlowCodec input = Plugins.create(FlowCodec.class, Map.of("host", "127.0.0.1", "port", 0L), context);
        PipelineDriver driver = PipelineDriver.builder().input(input).build();
        driver.start();
        listening(input);
        driver.stop();
        assertTrue(driver.inputFinished(), "start() returned after stop()");
        driver.close();
    }

    @Test
    void keepsRetryingWhenThePortIsTakenAndStillStopsPromptly() throws Exception {
        try (DatagramSocket occupant = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            TestContext context = new TestContext();
            FlowCodec input = Plugins.create(FlowCodec.class,
                    Map.of("host", "127.0.0.1", "port", (long) occupant.getLocalPort()), context);
            try (PipelineDriver driver = PipelineDriver.builder().input(input).build()) {
                driver.start();
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (context.messages(Level.ERROR).stream().noneMatch(m -> m.contains("cannot listen"))) {
                    assertTrue(System.nanoTime() < deadline, "no error logged for a port already in use");
                    Thread.sleep(20);
                }
                driver.stop();
                assertTrue(driver.inputFinished(), "start() returned after stop() during bind back-off");
            }
        }
    }

    @Test
    void rejectsInvalidSettingsNamingTheSettingAndValue() {
        TestContext context = new TestContext();
        RuntimeException badPort = assertThrows(RuntimeException.class,
                () -> Plugins.create(FlowCodec.class, Map.of("port", 70_000L), context));
        assertTrue(messageChain(badPort).contains("'port' => 70000"), messageChain(badPort));

        RuntimeException badHost = assertThrows(RuntimeException.class,
                () -> Plugins.create(FlowCodec.class, Map.of("host", "no-such-host.invalid"), context));
        assertTrue(messageChain(badHost).contains("'host' => \"no-such-host.invalid\""), messageChain(badHost));

        RuntimeException unknown = assertThrows(RuntimeException.class,
                () -> Plugins.create(FlowCodec.class, Map.of("prot", 2055L), context));
        assertTrue(messageChain(unknown).contains("Unknown setting 'prot'"), messageChain(unknown));
    }

    @Test
    void acceptsLogstashCommonInputSettings() {
        FlowCodec input = Plugins.create(FlowCodec.class,
                Map.of("id", "flows", "tags", List.of("netflow"), "type", "flow", "enable_metric", true),
                new TestContext());
        assertEquals("flows", input.getId());
        assertEquals("flowcodec", input.getName());
        Plugins.checkRegistryName(FlowCodec.class, "flowcodec");
    }

    /**
     * A datagram counts as decoded once the decoder returns, just after its events reached the pipeline, so the
     * counter may trail the collected events by a moment.
     */
    private static void assertCounterReaches(TestMetric metrics, String counter, long expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (metrics.counterValue(counter) < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(expected, metrics.counterValue(counter), counter);
    }

    private static InetSocketAddress listening(FlowCodec input) throws InterruptedException {
        InetSocketAddress address = input.awaitListening(WAIT.toMillis());
        assertNotNull(address, "input did not bind within " + WAIT);
        return address;
    }

    private static void send(InetSocketAddress target, byte[] payload) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(payload, payload.length, target));
        }
    }

    /** The first datagram of a capture file (some .dat files are several datagrams concatenated). */
    private static byte[] capture(String relative) {
        byte[] bytes = SharedData.capture(relative);
        int count = ByteBuffer.wrap(bytes).getShort(2) & 0xffff;
        int length = Math.min(bytes.length, 24 + 48 * count);
        return Arrays.copyOf(bytes, length);
    }

    private static String messageChain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append(" | ");
        }
        return sb.toString();
    }
}

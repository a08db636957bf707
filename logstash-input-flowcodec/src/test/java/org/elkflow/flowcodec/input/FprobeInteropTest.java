package org.elkflow.flowcodec.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import co.elastic.logstash.api.Event;
import org.elkflow.flowcodec.testing.ExternalTool;
import org.elkflow.flowcodec.testing.VethPair;
import org.elkflow.logstash.testkit.PipelineDriver;
import org.elkflow.logstash.testkit.Plugins;
import org.elkflow.logstash.testkit.TestContext;
import org.elkflow.logstash.testkit.TestMetric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fprobe (Debian package {@code fprobe}, NetFlow v5) as a real exporter. fprobe only captures live interfaces, so
 * the test builds a veth pair with one end in a private network namespace, runs fprobe on the other end exporting
 * to the input on 127.0.0.1, and replays the pcap the softflowd tests use into the private end with
 * {@code tcpreplay}. The flows the input emits must match the pcap exactly, flow by flow: the pcap is read here
 * independently of its generator, and packets and bytes are what fprobe counts by default (the IPv4 total length,
 * no link layer).
 *
 * <p>How fprobe is made to see and export everything:
 * <ul>
 *   <li>{@code -q 10000}: libpcap hands fprobe the frames one ring block at a time, so all 120 frames reach its
 *       capture callback in one burst; fprobe's default pending queue of 100 packets then overflows and it drops
 *       the rest silently (Debian's build does not log its "pending queue full"). Observed: 100 of 120 packets, 34 of
 *       40 flows.</li>
 *   <li>{@code -f "ip and src net 10.1.0.0/16"}: only the replayed traffic (all of it is 10.1.0.x → 10.2.0.1), not
 *       whatever the host may send out of the new link (IPv6 neighbour discovery, for one).</li>
 *   <li>{@code -s 1 -d 1}: scan every second, expire flows idle for a second, so they are exported while the test
 *       waits; a datagram of fewer than 30 flows leaves after fprobe's 5 s emit timeout. Then SIGTERM, on which
 *       fprobe expires its whole cache, sends what is left and exits.</li>
 * </ul>
 */
class FprobeInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void fprobeOnAVethExportsTheReplayedPcapFlowByFlow() throws Exception {
        Path ip = ExternalTool.require("ip", "iproute2");
        Path fprobe = ExternalTool.require("fprobe", "fprobe");
        Path tcpreplay = ExternalTool.require("tcpreplay", "tcpreplay");
        Path pcap = tmp.resolve("traffic.pcap");
        ExporterInteropTest.writeTraffic(pcap);
        PcapFlows expected = PcapFlows.read(pcap);
        assertEquals(ExporterInteropTest.FLOWS, expected.flows.size(), "flows in the generated pcap");

        TestContext context = new TestContext();
        FlowCodec input = Plugins.create(FlowCodec.class, Map.of("host", "127.0.0.1", "port", 0L), context);
        try (VethPair veth = VethPair.create(ip);
             PipelineDriver driver = PipelineDriver.builder().input(input).build()) {
            driver.start();
            InetSocketAddress target = input.awaitListening(WAIT.toMillis());
            assertNotNull(target, "input did not bind");
            String logId = "flowcodec-test-" + ThreadLocalRandom.current().nextInt(1 << 20);
            // -l 2: log to stdout, which also keeps fprobe in the foreground (no fork), so destroy() reaches it.
            Process probe = new ProcessBuilder(fprobe.toString(), "-i", veth.hostEnd(),
                    "-f", "ip and src net 10.1.0.0/16", "-q", "10000", "-s", "1", "-d", "1", "-l", "2:" + logId,
                    "127.0.0.1:" + target.getPort()).redirectErrorStream(true).start();
            StringBuffer probeLog = new StringBuffer();
            CountDownLatch capturing = new CountDownLatch(1);
            Thread logReader = new Thread(() -> readLog(probe, probeLog, capturing), "fprobe-log");
            logReader.setDaemon(true);
            logReader.start();
            try {
                // fprobe logs its collectors after the capture is open and its threads run.
                assertTrue(capturing.await(WAIT.toSeconds(), TimeUnit.SECONDS) && probe.isAlive(),
                        "fprobe did not start: " + probeLog);

                Process replay = veth.inNamespace(tcpreplay.toString(), "-i", veth.namespaceEnd(), "--topspeed",
                        pcap.toString()).start();
                String replayed = new String(replay.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(replay.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "tcpreplay did not finish");
                assertEquals(0, replay.exitValue(), "tcpreplay: " + replayed);
                Matcher sent = Pattern.compile("Actual: (\\d+) packets \\((\\d+) bytes\\)").matcher(replayed);
                assertTrue(sent.find(), "tcpreplay printed no totals: " + replayed);
                assertEquals(expected.packets, Long.parseLong(sent.group(1)), "frames tcpreplay sent: " + replayed);
                assertEquals(expected.frameBytes, Long.parseLong(sent.group(2)), "bytes tcpreplay sent");

                awaitPackets(driver, expected.packets);
                // SIGTERM (fprobe then flushes its cache and exits) through the handle: Process.destroy() would
                // also close the pipe its last log lines come through.
                probe.toHandle().destroy();
                assertTrue(probe.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "fprobe did not exit on SIGTERM: "
                        + probeLog);
                logReader.join(WAIT.toMillis());
                assertTrue(probeLog.toString().contains("Emitting flows cache"), probeLog.toString());
            } finally {
                if (probe.isAlive()) {
                    probe.destroyForcibly().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
                    // killed before it could remove its pid file
                    Files.deleteIfExists(Path.of("/var/run", "fprobe[" + logId + "].pid"));
                }
            }
            awaitQuiet(input, driver);

            List<Event> flows = flowEvents(driver);
            Map<String, long[]> exported = new TreeMap<>();
            for (Event e : flows) {
                assertEquals(5L, e.getField("[netflow][exporter][version]"));
                assertEquals("127.0.0.1", e.getField("[observer][ip]"));
                String key = e.getField("[source][ip]") + ":" + e.getField("[source][port]") + " > "
                        + e.getField("[destination][ip]") + ":" + e.getField("[destination][port]") + " proto "
                        + e.getField("[network][iana_number]");
                long[] previous = exported.put(key, new long[] {(Long) e.getField("[network][packets]"),
                        (Long) e.getField("[network][bytes]")});
                assertNull(previous, "flow exported twice: " + key);
            }
            assertEquals(render(expected.flows), render(exported), "per-flow packets and IP bytes");
            assertEquals(expected.flows.size(), flows.size(), "one event per 5-tuple");
            assertEquals(expected.packets, flows.stream().mapToLong(e -> (Long) e.getField("[network][packets]"))
                    .sum());
            assertEquals(expected.ipBytes, flows.stream().mapToLong(e -> (Long) e.getField("[network][bytes]"))
                    .sum());

            TestMetric metrics = context.metrics(input);
            long datagrams = metrics.counterValue("datagrams_received");
            assertTrue(datagrams >= 2, "40 flows need 2 v5 datagrams (30 flows each at most): " + datagrams);
            assertEquals(datagrams, metrics.counterValue("datagrams_decoded"));
            assertEquals(flows.size(), metrics.counterValue("records_decoded"));
            assertEquals(0, metrics.counterValue("dropped_malformed"));
        }
    }

    private static void readLog(Process probe, StringBuffer log, CountDownLatch capturing) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(probe.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                log.append(line).append('\n');
                if (line.contains("collector #1")) {
                    capturing.countDown();
                }
            }
        } catch (IOException e) {
            log.append("(reading fprobe's output failed: ").append(e).append(")\n");
        }
    }

    /** Waits until the flows carry every replayed packet, or the deadline (then the comparison shows the gap). */
    private static void awaitPackets(PipelineDriver driver, long packets) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && flowEvents(driver).stream()
                .mapToLong(e -> (Long) e.getField("[network][packets]")).sum() < packets) {
            Thread.sleep(50);
        }
    }

    /** Waits until the input has decoded everything that arrived and no new event came for half a second. */
    private static void awaitQuiet(FlowCodec input, PipelineDriver driver) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int seen = -1;
        while (System.nanoTime() < deadline) {
            int now = driver.events().size();
            if (now == seen && input.queuedDatagrams() == 0) {
                return;
            }
            seen = now;
            Thread.sleep(500);
        }
        fail("the input did not settle within " + WAIT);
    }

    private static List<Event> flowEvents(PipelineDriver driver) {
        return driver.events().stream().filter(e -> "netflow_flow".equals(e.getField("[event][action]"))).toList();
    }

    private static Map<String, String> render(Map<String, long[]> flows) {
        Map<String, String> out = new TreeMap<>();
        flows.forEach((k, v) -> out.put(k, v[0] + " packets, " + v[1] + " bytes"));
        return out;
    }

    /**
     * Flows of an Ethernet pcap as a NetFlow probe sees them: per 5-tuple of the IPv4 header (ports for TCP and
     * UDP), the packet count and the sum of the IPv4 total-length fields. Read from the file's bytes, not from
     * what the generator meant to write. Anything but untagged IPv4 without fragments is rejected: the test's pcap
     * has none, and a probe would count it differently.
     */
    static final class PcapFlows {
        final Map<String, long[]> flows = new TreeMap<>();
        long packets;
        long ipBytes;
        long frameBytes;

        static PcapFlows read(Path file) throws IOException {
            ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            int magic = in.getInt();
            if (magic == 0xD4C3B2A1 || magic == 0x4D3CB2A1) {
                in.order(ByteOrder.BIG_ENDIAN);
            } else if (magic != 0xA1B2C3D4 && magic != 0xA1B23C4D) {
                throw new IOException("not a pcap file: magic " + Integer.toHexString(magic));
            }
            in.position(20);
            int linkType = in.getInt();
            if (linkType != 1) {
                throw new IOException("link type " + linkType + ", expected Ethernet (1)");
            }
            PcapFlows out = new PcapFlows();
            while (in.remaining() >= 16) {
                in.getInt();
                in.getInt();
                int captured = in.getInt();
                int original = in.getInt();
                ByteBuffer frame = in.slice(in.position(), captured).order(ByteOrder.BIG_ENDIAN);
                in.position(in.position() + captured);
                if (captured != original || (frame.getShort(12) & 0xFFFF) != 0x0800 || (frame.get(14) & 0xF0) != 0x40) {
                    throw new IOException("frame " + out.packets + " is not a complete untagged IPv4 frame");
                }
                int ipLength = frame.getShort(16) & 0xFFFF;
                if ((frame.getShort(20) & 0x3FFF) != 0) {
                    throw new IOException("frame " + out.packets + " is an IP fragment");
                }
                int protocol = frame.get(23) & 0xFF;
                int l4 = 14 + (frame.get(14) & 0x0F) * 4;
                boolean ports = protocol == 6 || protocol == 17;
                String key = dotted(frame, 26) + ":" + (ports ? frame.getShort(l4) & 0xFFFF : 0) + " > "
                        + dotted(frame, 30) + ":" + (ports ? frame.getShort(l4 + 2) & 0xFFFF : 0)
                        + " proto " + protocol;
                long[] flow = out.flows.computeIfAbsent(key, k -> new long[2]);
                flow[0]++;
                flow[1] += ipLength;
                out.packets++;
                out.ipBytes += ipLength;
                out.frameBytes += original;
            }
            return out;
        }

        private static String dotted(ByteBuffer frame, int at) {
            return (frame.get(at) & 0xFF) + "." + (frame.get(at + 1) & 0xFF) + "." + (frame.get(at + 2) & 0xFF)
                    + "." + (frame.get(at + 3) & 0xFF);
        }
    }
}

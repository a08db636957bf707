package org.elkflow.flowcodec.sflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.logstash.api.Event;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.elkflow.flowcodec.input.FlowCodec;
import org.elkflow.flowcodec.testing.ExternalTool;
import org.elkflow.logstash.testkit.PipelineDriver;
import org.elkflow.logstash.testkit.Plugins;
import org.elkflow.logstash.testkit.TestContext;
import org.elkflow.logstash.testkit.TestMetric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An sFlow exporter nobody here wrote: pmacct's pmacctd with its sfprobe plugin replays a generated pcap and
 * exports every packet (sampling 1/1) as an sFlow v5 flow sample to the loopback port the flowcodec input listens
 * on. pmacctd logs one debug line per packet it samples ("... (len = N, captured = N)"); the input must emit
 * exactly that many flow-sample events, with the same frame lengths, from agent {@value #AGENT}.
 */
class SflowExporterInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String AGENT = "192.0.2.7";
    private static final int FLOWS = 30;
    private static final Pattern SAMPLED = Pattern.compile("\\(len = (\\d+), captured = \\d+\\)");

    @TempDir
    Path tmp;

    @Test
    void pmacctdSfprobeSamplesAllArriveAsFlowSampleEvents() throws Exception {
        Path pmacctd = ExternalTool.require("pmacctd", "pmacct");
        Path pcap = tmp.resolve("traffic.pcap");
        int packets = writeTraffic(pcap);
        TestContext context = new TestContext();
        FlowCodec input = Plugins.create(FlowCodec.class, Map.of("host", "127.0.0.1", "port", 0L), context);
        try (PipelineDriver driver = PipelineDriver.builder().input(input).build()) {
            driver.start();
            InetSocketAddress target = listening(input);
            Path conf = tmp.resolve("pmacctd.conf");
            Files.writeString(conf, String.join("\n",
                    "daemonize: false",
                    "debug: true",
                    "pcap_savefile: " + pcap,
                    // Stay up after the file so sfprobe's timer flushes its last, partly filled datagram.
                    "pcap_savefile_wait: true",
                    "plugins: sfprobe",
                    "sfprobe_receiver: 127.0.0.1:" + target.getPort(),
                    "sfprobe_agentip: " + AGENT,
                    "sampling_rate: 1",
                    ""));
            Path log = tmp.resolve("pmacctd.log");
            Process p = new ProcessBuilder(pmacctd.toString(), "-f", conf.toString()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            String out;
            try {
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!Files.readString(log).contains("finished reading PCAP capture file")
                        && System.nanoTime() < deadline && p.isAlive()) {
                    Thread.sleep(100);
                }
                Thread.sleep(3000); // sfprobe sends what it holds about once a second
            } finally {
                p.destroy();    // SIGTERM to the one process started here
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                out = Files.readString(log, StandardCharsets.UTF_8);
            }
            Matcher m = SAMPLED.matcher(out);
            int reported = 0;
            long reportedBytes = 0;
            while (m.find()) {
                reported++;
                reportedBytes += Long.parseLong(m.group(1));
            }
            assertTrue(reported >= packets, "pmacctd sampled every packet of the pcap at 1/1 (" + packets + "): "
                    + reported + "\n" + out);

            List<Event> samples = awaitSamples(driver, reported);
            assertEquals(reported, samples.size(), "flow-sample events vs samples pmacctd reports");
            long bytes = 0;
            for (Event e : samples) {
                assertEquals(AGENT, e.getField("[observer][ip]"));
                assertEquals(1L, e.getField("[flow][sampling_rate]"));
                assertNotNull(e.getField("[source][ip]"));
                assertNotNull(e.getField("[destination][port]"));
                bytes += (Long) e.getField("[sflow][header][frame_length]");
            }
            // pmacctd's len is the captured frame; sFlow frame_length may add the 4-byte FCS the capture lacks.
            assertTrue(bytes == reportedBytes || bytes == reportedBytes + 4L * reported,
                    "frame lengths: ours " + bytes + ", pmacctd " + reportedBytes);
            TestMetric metrics = context.metrics(input);
            assertEquals(0, metrics.counterValue("dropped_malformed"));
            assertEquals(0, metrics.counterValue("dropped_unsupported_version"));
        }
    }

    private static List<Event> awaitSamples(PipelineDriver driver, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Event> samples = List.of();
        while (System.nanoTime() < deadline) {
            samples = flowSamples(driver);
            if (samples.size() >= expected) {
                Thread.sleep(300); // stragglers: an excess must be seen too
                return flowSamples(driver);
            }
            Thread.sleep(50);
        }
        return samples;
    }

    private static List<Event> flowSamples(PipelineDriver driver) {
        return driver.events().stream().filter(e -> "sflow_flow_sample".equals(e.getField("[event][action]")))
                .toList();
    }

    /** FlowCodec.awaitListening is package-private in the adapter; this test lives with the sFlow tests. */
    private static InetSocketAddress listening(FlowCodec input) throws Exception {
        Method await = FlowCodec.class.getDeclaredMethod("awaitListening", long.class);
        await.setAccessible(true);
        InetSocketAddress address = (InetSocketAddress) await.invoke(input, WAIT.toMillis());
        assertNotNull(address, "input did not bind within " + WAIT);
        return address;
    }

    /** {@value #FLOWS} flows (TCP and UDP alternating, 1-4 packets each) over Ethernet; returns the packet count. */
    private static int writeTraffic(Path file) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.write(h.array());
        int packets = 0;
        for (int f = 0; f < FLOWS; f++) {
            for (int k = 0; k < 1 + f % 4; k++) {
                boolean tcp = f % 2 == 1;
                byte[] payload = new byte[20 + 7 * f + k];
                int ipLength = 20 + (tcp ? 20 : 8) + payload.length;
                ByteBuffer pkt = ByteBuffer.allocate(14 + ipLength);
                pkt.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
                pkt.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) packets)
                        .putShort((short) 0).put((byte) 63).put((byte) (tcp ? 6 : 17)).putShort((short) 0)
                        .put(new byte[] {10, 9, 0, (byte) (f + 1)}).put(new byte[] {10, 9, 1, 1});
                if (tcp) {
                    pkt.putShort((short) (30000 + f)).putShort((short) 443).putInt(k).putInt(0).put((byte) 0x50)
                            .put((byte) 0x10).putShort((short) 512).putInt(0);
                } else {
                    pkt.putShort((short) (40000 + f)).putShort((short) 123).putShort((short) (8 + payload.length))
                            .putShort((short) 0);
                }
                pkt.put(payload);
                ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                rec.putInt(1_750_000_000 + f).putInt(k * 500).putInt(pkt.capacity()).putInt(pkt.capacity());
                out.write(rec.array());
                out.write(pkt.array());
                packets++;
            }
        }
        Files.write(file, out.toByteArray());
        return packets;
    }
}

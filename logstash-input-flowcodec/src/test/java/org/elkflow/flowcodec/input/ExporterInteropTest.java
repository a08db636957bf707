package org.elkflow.flowcodec.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.logstash.api.Event;

import java.io.ByteArrayOutputStream;
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

import org.elkflow.flowcodec.testing.ExternalTool;
import org.elkflow.logstash.testkit.PipelineDriver;
import org.elkflow.logstash.testkit.Plugins;
import org.elkflow.logstash.testkit.TestContext;
import org.elkflow.logstash.testkit.TestMetric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exporters nobody here wrote, replaying a generated traffic pcap to the loopback port the input listens on:
 * softflowd (NetFlow v9 and IPFIX) and pmacct's pmacctd with its nfprobe plugin. The flows and bytes the input
 * emits must equal what the exporter reports (softflowd prints its totals; pmacctd prints none, so its totals
 * are the generated traffic's own, which it is configured to aggregate per 5-tuple, one flow per tuple).
 */
class ExporterInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    static final int FLOWS = 40;

    @TempDir
    Path tmp;

    @Test
    void softflowdNetflowV9() throws Exception {
        softflowd(9);
    }

    @Test
    void softflowdIpfix() throws Exception {
        softflowd(10);
    }

    private void softflowd(int version) throws Exception {
        Path softflowd = ExternalTool.require("softflowd", "softflowd");
        Path pcap = tmp.resolve("traffic.pcap");
        long ipBytes = writeTraffic(pcap);
        TestContext context = new TestContext();
        FlowCodec input = Plugins.create(FlowCodec.class, Map.of("host", "127.0.0.1", "port", 0L), context);
        try (PipelineDriver driver = PipelineDriver.builder().input(input).build()) {
            driver.start();
            InetSocketAddress target = listening(input);
            Process p = new ProcessBuilder(softflowd.toString(), "-D", "-r", pcap.toString(), "-n",
                    "127.0.0.1:" + target.getPort(), "-v", Integer.toString(version)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "softflowd did not finish");
            Matcher exported = Pattern.compile("Flows exported: (\\d+) \\((\\d+) records\\)").matcher(out);
            assertTrue(exported.find(), "softflowd printed no totals: " + out);
            int records = Integer.parseInt(exported.group(2));
            long octets = 0;
            Matcher proto = Pattern.compile("\\w+ \\(\\d+\\):\\s+(\\d+)\\s+(\\d+)").matcher(out);
            while (proto.find()) {
                octets += Long.parseLong(proto.group(1));
            }
            assertEquals(FLOWS, records, "softflowd's own count");
            assertEquals(ipBytes, octets, "softflowd's own octets");

            List<Event> flows = awaitFlows(driver, records);
            assertEquals(records, flows.size(), "flow events for softflowd -v " + version);
            assertEquals(octets, flows.stream().mapToLong(e -> (Long) e.getField("[network][bytes]")).sum());
            for (Event e : flows) {
                assertEquals(version == 9 ? 9L : 10L, e.getField("[netflow][exporter][version]"));
                assertNotNull(e.getField("[event][start]"));
                assertNotNull(e.getField("[source][ip]"));
            }
            TestMetric metrics = context.metrics(input);
            assertEquals(0, metrics.counterValue("dropped_template_missing"));
            assertEquals(0, metrics.counterValue("dropped_malformed"));
        }
    }

    @Test
    void pmacctdNfprobeIpfixAndV9() throws Exception {
        Path pmacctd = ExternalTool.require("pmacctd", "pmacct");
        for (int version : new int[] {9, 10}) {
            Path pcap = tmp.resolve("traffic-" + version + ".pcap");
            long ipBytes = writeTraffic(pcap);
            TestContext context = new TestContext();
            FlowCodec input = Plugins.create(FlowCodec.class, Map.of("host", "127.0.0.1", "port", 0L), context);
            try (PipelineDriver driver = PipelineDriver.builder().input(input).build()) {
                driver.start();
                InetSocketAddress target = listening(input);
                Path conf = tmp.resolve("pmacctd-" + version + ".conf");
                Files.writeString(conf, String.join("\n",
                        "daemonize: false",
                        "pcap_savefile: " + pcap,
                        "plugins: nfprobe",
                        "nfprobe_receiver: 127.0.0.1:" + target.getPort(),
                        "nfprobe_version: " + version,
                        "aggregate: src_host, dst_host, src_port, dst_port, proto",
                        ""));
                Process p = new ProcessBuilder(pmacctd.toString(), "-f", conf.toString()).redirectErrorStream(true)
                        .start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "pmacctd did not finish: " + out);
                List<Event> flows = awaitFlows(driver, FLOWS);
                assertEquals(FLOWS, flows.size(), "flow events for pmacctd nfprobe v" + version + ": " + out);
                assertEquals(ipBytes, flows.stream().mapToLong(e -> (Long) e.getField("[network][bytes]")).sum());
                TestMetric metrics = context.metrics(input);
                assertEquals(0, metrics.counterValue("dropped_template_missing"));
                assertEquals(0, metrics.counterValue("dropped_malformed"));
            }
        }
    }

    private static List<Event> awaitFlows(PipelineDriver driver, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Event> flows = List.of();
        while (System.nanoTime() < deadline) {
            flows = driver.events().stream()
                    .filter(e -> "netflow_flow".equals(e.getField("[event][action]"))).toList();
            if (flows.size() >= expected) {
                Thread.sleep(300); // let stragglers arrive, so an excess is seen too
                return driver.events().stream()
                        .filter(e -> "netflow_flow".equals(e.getField("[event][action]"))).toList();
            }
            Thread.sleep(50);
        }
        return flows;
    }

    private static InetSocketAddress listening(FlowCodec input) throws InterruptedException {
        InetSocketAddress address = input.awaitListening(WAIT.toMillis());
        assertNotNull(address, "input did not bind within " + WAIT);
        return address;
    }

    /**
     * {@value #FLOWS} one-directional flows (alternating TCP and UDP, 1 to 5 packets each) from 10.1.0.x to
     * 10.2.0.1 over Ethernet; returns the sum of the IP lengths, which is what flow octet counters count.
     */
    static long writeTraffic(Path file) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.write(h.array());
        long total = 0;
        for (int f = 0; f < FLOWS; f++) {
            for (int k = 0; k < 1 + f % 5; k++) {
                byte[] payload = new byte[10 + f * 3 + k];
                boolean tcp = f % 2 == 0;
                int l4 = tcp ? 20 : 8;
                int ipLength = 20 + l4 + payload.length;
                total += ipLength;
                ByteBuffer pkt = ByteBuffer.allocate(14 + ipLength);
                pkt.put(new byte[] {0, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0x66, 0x77, (byte) 0x88, (byte) 0x99,
                        (byte) 0xAA}).putShort((short) 0x0800);
                pkt.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) f).putShort((short) 0)
                        .put((byte) 64).put((byte) (tcp ? 6 : 17)).putShort((short) 0)
                        .put(new byte[] {10, 1, 0, (byte) (f + 1)}).put(new byte[] {10, 2, 0, 1});
                if (tcp) {
                    pkt.putShort((short) (20000 + f)).putShort((short) 80).putInt(k).putInt(0).put((byte) 0x50)
                            .put((byte) 0x18).putShort((short) 1024).putShort((short) 0).putShort((short) 0);
                } else {
                    pkt.putShort((short) (10000 + f)).putShort((short) 53).putShort((short) (8 + payload.length))
                            .putShort((short) 0);
                }
                pkt.put(payload);
                ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                rec.putInt(1_700_000_000 + f).putInt(k * 1000).putInt(pkt.capacity()).putInt(pkt.capacity());
                out.write(rec.array());
                out.write(pkt.array());
            }
        }
        Files.write(file, out.toByteArray());
        return total;
    }
}

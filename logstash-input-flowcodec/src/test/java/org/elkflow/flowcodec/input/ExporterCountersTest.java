package org.elkflow.flowcodec.input;

import co.elastic.logstash.api.Event;
import org.elkflow.flowcodec.testing.ExternalTool;
import org.elkflow.logstash.testkit.PipelineDriver;
import org.elkflow.logstash.testkit.Plugins;
import org.elkflow.logstash.testkit.TestContext;
import org.elkflow.logstash.testkit.TestMetric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * softflowd (NetFlow v5, v9, IPFIX) replaying a pcap to the input running with several workers and reuseport
 * sockets: the flows and octets equal softflowd's own totals, and the input's counters agree with them (every
 * datagram received is decoded, records_decoded = events_emitted = flows + options records, no drop of any kind).
 */
class ExporterCountersTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void softflowdAllVersionsCountersAgreeWithTheExporter() throws Exception {
        Path softflowd = ExternalTool.require("softflowd", "softflowd");
        for (int version : new int[] {5, 9, 10}) {
            Path pcap = tmp.resolve("traffic-" + version + ".pcap");
            long ipBytes = ExporterInteropTest.writeTraffic(pcap);
            TestContext context = new TestContext();
            FlowCodec input = Plugins.create(FlowCodec.class, Map.of("host", "127.0.0.1", "port", 0L,
                    "workers", 3L, "reuseport_sockets", 2L), context);
            try (PipelineDriver driver = PipelineDriver.builder().input(input).build()) {
                driver.start();
                InetSocketAddress target = input.awaitListening(WAIT.toMillis());
                Process p = new ProcessBuilder(softflowd.toString(), "-D", "-r", pcap.toString(), "-n",
                        "127.0.0.1:" + target.getPort(), "-v", Integer.toString(version)).redirectErrorStream(true)
                        .start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "softflowd did not finish");
                Matcher exported = Pattern.compile("Flows exported: (\\d+) \\((\\d+) records\\)").matcher(out);
                assertTrue(exported.find(), "softflowd printed no totals: " + out);
                int records = Integer.parseInt(exported.group(2));
                assertEquals(ExporterInteropTest.FLOWS, records, "softflowd's own count: " + out);

                // options events may arrive before the last flow: wait for the flows themselves
                List<Event> flows = List.of();
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (flows.size() < records && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                    flows = driver.events().stream().filter(e -> e.getField("[network][bytes]") != null).toList();
                }
                assertEquals(records, flows.size(), "flow events for softflowd -v " + version);
                assertEquals(ipBytes, flows.stream().mapToLong(e -> (Long) e.getField("[network][bytes]")).sum(),
                        "octets, softflowd -v " + version);

                TestMetric metrics = context.metrics(input);
                long received = metrics.counterValue("datagrams_received");
                FlowCodecReceivePathTest.awaitCounter(metrics, "datagrams_decoded", received);
                long decoded = metrics.counterValue("records_decoded");
                FlowCodecReceivePathTest.awaitCounter(metrics, "events_emitted", decoded);
                List<Event> all = driver.awaitEvents((int) decoded, WAIT);
                long other = all.stream().filter(e -> e.getField("[network][bytes]") == null).count();
                assertEquals(decoded, records + other, "records_decoded = flows + options records, -v " + version);
                for (Map.Entry<String, Object> counter : metrics.snapshot().entrySet()) {
                    if (counter.getKey().startsWith("dropped_") || counter.getKey().equals("decode_errors")) {
                        assertEquals(0L, counter.getValue(), counter.getKey() + " for softflowd -v " + version);
                    }
                }
            }
        }
    }
}

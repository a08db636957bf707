package org.elkflow.flowcodec.input;

import co.elastic.logstash.api.Event;
import org.apache.logging.log4j.Level;
import org.elkflow.flowcodec.netflow.TemplateSnapshot;
import org.elkflow.flowcodec.testing.TemplateDatagramBuilder;
import org.elkflow.logstash.testkit.PipelineDriver;
import org.elkflow.logstash.testkit.Plugins;
import org.elkflow.logstash.testkit.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.elkflow.flowcodec.input.FlowCodecReceivePathTest.awaitCounter;
import static org.elkflow.flowcodec.input.FlowCodecReceivePathTest.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** template_cache_path: templates learnt before a restart decode data sent after it; corrupt files are ignored. */
class TemplatePersistenceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int[][] FIELDS = {{8, 4}, {12, 4}, {7, 2}, {11, 2}, {4, 1}, {1, 4}, {2, 4}};
    private static final int[] WIDTHS = {4, 4, 2, 2, 1, 4, 4};

    @TempDir
    Path tmp;

    private static byte[] record(long bytes, long packets) {
        return TemplateDatagramBuilder.values(WIDTHS, 0x0A000001L, 0x0A000002L, 1234, 80, 6, bytes, packets);
    }

    @Test
    void templatesLearntBeforeARestartDecodeDataSentAfterIt() throws Exception {
        Path cache = tmp.resolve("templates.cache");
        for (boolean ipfix : new boolean[] {false, true}) {
            Files.deleteIfExists(cache);
            TemplateDatagramBuilder first = ipfix ? TemplateDatagramBuilder.ipfix() : TemplateDatagramBuilder.v9();
            byte[] templateAndData = first.exportSeconds(1_700_000_000L).domain(7).template(300, FIELDS)
                    .data(300, record(1000, 10)).bytes();
            runOnce(cache, templateAndData, 1000L);
            String saved = Files.readString(cache);
            assertTrue(saved.contains("template 300 0 0 "), saved);

            TemplateDatagramBuilder second = ipfix ? TemplateDatagramBuilder.ipfix() : TemplateDatagramBuilder.v9();
            byte[] dataOnly = second.exportSeconds(1_700_000_100L).domain(7).data(300, record(4242, 42)).bytes();
            TestContext context = runOnce(cache, dataOnly, 4242L);
            assertTrue(context.messages(Level.INFO).stream().anyMatch(m -> m.contains("restored 1 templates of 1")),
                    context.messages(Level.INFO).toString());
        }
    }

    /** Starts an input on the cache, sends one datagram of one record, checks its bytes and stops it. */
    private TestContext runOnce(Path cache, byte[] datagram, long expectedBytes) throws Exception {
        TestContext context = new TestContext();
        FlowCodec input = Plugins.create(FlowCodec.class, Map.of("host", "127.0.0.1", "port", 0L,
                "template_cache_path", cache.toString(), "template_buffer_sets", 0L), context);
        try (PipelineDriver driver = PipelineDriver.builder().input(input).build()) {
            driver.start();
            InetSocketAddress target = input.awaitListening(WAIT.toMillis());
            send(InetAddress.getLoopbackAddress(), target, datagram);
            List<Event> events = driver.awaitEvents(1, WAIT);
            assertEquals(1, events.size());
            assertEquals(expectedBytes, events.get(0).getField("[network][bytes]"));
            awaitCounter(context.metrics(input), "datagrams_decoded", 1);
            assertEquals(0, context.metrics(input).counterValue("dropped_template_missing"));
            driver.stop();
        }
        assertTrue(Files.exists(cache), "the cache is written at the latest on stop");
        return context;
    }

    @Test
    void aCorruptCacheIsLoggedAndIgnored() throws Exception {
        Path cache = tmp.resolve("broken.cache");
        Files.writeString(cache, "flowcodec-templates 1\nexporter 127.0.0.1 9 7 0 -1\ntemplate 300 0 0 zz\n");
        TestContext context = new TestContext();
        FlowCodec input = Plugins.create(FlowCodec.class, Map.of("host", "127.0.0.1", "port", 0L,
                "template_cache_path", cache.toString()), context);
        try (PipelineDriver driver = PipelineDriver.builder().input(input).build()) {
            driver.start();
            InetSocketAddress target = input.awaitListening(WAIT.toMillis());
            byte[] datagram = TemplateDatagramBuilder.v9().template(300, FIELDS).data(300, record(5, 1)).bytes();
            send(InetAddress.getLoopbackAddress(), target, datagram);
            assertEquals(1, driver.awaitEvents(1, WAIT).size());
        }
        assertTrue(context.messages(Level.ERROR).stream().anyMatch(m -> m.contains("ignoring the corrupt")
                && m.contains("line 3")), context.messages(Level.ERROR).toString());
        assertTrue(TemplateSnapshot.read(Files.newBufferedReader(cache)).templateCount() == 1,
                "rewritten with the template learnt since");
    }

    @Test
    void snapshotTextRoundTripsAndRejectsDamage() throws IOException {
        TemplateSnapshot snapshot = new TemplateSnapshot(List.of(new TemplateSnapshot.Exporter(
                InetAddress.getByName("2001:db8::1"), 10, 4_000_000_000L, 100, Map.of(3L, 512L, 1L, 64L), 1_700L,
                List.of(new TemplateSnapshot.Template(256, false, 0, new long[] {0x0008_0004L, 0x0000_7b39_0001_0004L}),
                        new TemplateSnapshot.Template(257, true, 1, new long[] {0x0095_0004L, 0x0022_0004L})))));
        StringWriter out = new StringWriter();
        snapshot.write(out);
        TemplateSnapshot back = TemplateSnapshot.read(new StringReader(out.toString()));
        TemplateSnapshot.Exporter e = back.exporters().get(0);
        assertEquals(InetAddress.getByName("2001:db8::1"), e.address());
        assertEquals(4_000_000_000L, e.domain());
        assertEquals(Map.of(3L, 512L, 1L, 64L), e.samplerRates());
        assertEquals(1_700L, e.systemInitMillis());
        assertEquals(2, e.templates().size());
        assertArrayEquals(new long[] {0x0008_0004L, 0x0000_7b39_0001_0004L}, e.templates().get(0).spec());
        assertTrue(e.templates().get(1).options());

        String text = out.toString();
        for (String damaged : List.of(text.substring(0, text.length() - 6), text.replace("end 1", "end 2"),
                "garbage\n", text.replace("template 256", "template 12"), text.replace("exporter 2001", "exporter x"),
                text + "more\n", "")) {
            assertThrows(IOException.class, () -> TemplateSnapshot.read(new StringReader(damaged)), damaged);
        }
    }

    @Test
    void rejectsACachePathInAMissingDirectory() {
        Throwable e = assertThrows(Throwable.class, () -> Plugins.create(FlowCodec.class, Map.of(
                "template_cache_path", tmp.resolve("no/such/dir/t.cache").toString()), new TestContext()));
        while (!(e instanceof IllegalArgumentException) && e.getCause() != null) {
            e = e.getCause();
        }
        assertTrue(e.getMessage().contains("'template_cache_path'") && e.getMessage().contains("does not exist"),
                e.getMessage());
    }
}

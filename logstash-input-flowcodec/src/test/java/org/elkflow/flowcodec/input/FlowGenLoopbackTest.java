package org.elkflow.flowcodec.input;

import co.elastic.logstash.api.Event;
import org.elkflow.flowcodec.cli.FlowGen;
import org.elkflow.logstash.testkit.PipelineDriver;
import org.elkflow.logstash.testkit.Plugins;
import org.elkflow.logstash.testkit.TestContext;
import org.elkflow.logstash.testkit.TestMetric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.elkflow.flowcodec.input.FlowCodecReceivePathTest.awaitCounter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End-to-end accuracy over loopback: flowgen sends N records of each protocol (paced, so that the kernel does not
 * drop on a loaded machine); the input emits exactly N flow events whose bytes and packets add up to what flowgen
 * says it sent — raw, and scaled by the sampling rate with upscale_sampling — and its counters agree.
 */
class FlowGenLoopbackTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int RECORDS = 1_500;

    @ParameterizedTest(name = "{0} sampling 1:{1} upscale {2} workers {3}")
    @CsvSource({"v5,1,false,2", "v9,1,false,2", "ipfix,1,false,2", "sflow,1,false,2",
            "v5,8,true,1", "v9,8,true,2", "ipfix,8,true,2", "sflow,8,true,3"})
    void emitsExactlyWhatFlowgenSent(String protocol, int sampling, boolean upscale, long workers) throws Exception {
        TestContext context = new TestContext();
        FlowCodec input = Plugins.create(FlowCodec.class, Map.of("host", "127.0.0.1", "port", 0L,
                "upscale_sampling", upscale, "workers", workers), context);
        try (PipelineDriver driver = PipelineDriver.builder().input(input).queueCapacity(100_000).build()) {
            driver.start();
            InetSocketAddress target = input.awaitListening(WAIT.toMillis());
            FlowGen.Result sent = FlowGen.send(new FlowGen.Config(protocol, target, 20_000, 0, 0, RECORDS, 42,
                    FlowGen.defaultRecordsPerDatagram(protocol), sampling, 100, 1));
            assertEquals(RECORDS, sent.records());

            boolean options = sampling > 1 && (protocol.equals("v9") || protocol.equals("ipfix"));
            int optionEvents = options ? 1 : 0;
            List<Event> events = driver.awaitEvents(RECORDS + optionEvents, WAIT);
            TestMetric metrics = context.metrics(input);
            awaitCounter(metrics, "datagrams_decoded", sent.datagrams());
            assertEquals(sent.datagrams(), metrics.counterValue("datagrams_received"));
            assertEquals(RECORDS + optionEvents, metrics.counterValue("records_decoded"));
            awaitCounter(metrics, "events_emitted", RECORDS + optionEvents);
            Map<String, Long> drops = metrics.snapshot().entrySet().stream()
                    .filter(e -> e.getKey().startsWith("dropped_") && ((Long) e.getValue()) != 0)
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> (Long) e.getValue()));
            assertEquals(Map.of(), drops);

            List<Event> flows = events.stream().filter(e -> e.getField("[network][bytes]") != null).toList();
            assertEquals(RECORDS, flows.size());
            long bytes = flows.stream().mapToLong(e -> (Long) e.getField("[network][bytes]")).sum();
            long packets = flows.stream().mapToLong(e -> (Long) e.getField("[network][packets]")).sum();
            assertEquals(upscale ? sent.scaledBytes() : sent.bytes(), bytes, "bytes");
            assertEquals(upscale ? sent.scaledPackets() : sent.packets(), packets, "packets");
            if (sampling > 1) {
                assertEquals(RECORDS, flows.stream().filter(e -> Long.valueOf(sampling)
                        .equals(e.getField("[flow][sampling_rate]"))).count(), "every flow carries its sampling rate");
            }
        }
    }

    /**
     * One exporter's events reach the pipeline in the order its datagrams were sent, through the decode thread and
     * the emit thread of its worker: with an ordered pipeline (one worker) the v5 flow sequence of the events never
     * goes back, and every datagram's records arrive together.
     */
    @Test
    void oneExportersEventsKeepTheirOrder() throws Exception {
        TestContext context = new TestContext();
        FlowCodec input = Plugins.create(FlowCodec.class, Map.of("host", "127.0.0.1", "port", 0L, "workers", 2L),
                context);
        try (PipelineDriver driver = PipelineDriver.builder().input(input).workers(1).build()) {
            driver.start();
            InetSocketAddress target = input.awaitListening(WAIT.toMillis());
            FlowGen.Result sent = FlowGen.send(new FlowGen.Config("v5", target, 20_000, 0, 0, RECORDS, 7,
                    FlowGen.defaultRecordsPerDatagram("v5"), 1, 100, 1));
            List<Event> events = driver.awaitEvents(RECORDS, WAIT);
            assertEquals(0, context.metrics(input).counterValue("dropped_queue_full"));
            long previous = -1;
            int datagrams = 0;
            for (Event event : events) {
                long sequence = ((Number) event.getField("[netflow][exporter][flow_sequence]")).longValue();
                assertTrue(sequence >= previous,
                        "flow sequence " + sequence + " after " + previous);
                if (sequence != previous) {
                    datagrams++;
                }
                previous = sequence;
            }
            assertEquals(sent.datagrams(), datagrams, "each datagram's records arrive together");
        }
    }
}

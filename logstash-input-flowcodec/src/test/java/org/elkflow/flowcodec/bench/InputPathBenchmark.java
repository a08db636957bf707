package org.elkflow.flowcodec.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import co.elastic.logstash.api.Event;
import org.elkflow.flowcodec.DecodeCounters;
import org.elkflow.flowcodec.FlowDatagramDecoder;
import org.elkflow.flowcodec.cli.FlowGen;
import org.elkflow.flowcodec.schema.MappingOptions;
import org.elkflow.logstash.testkit.TestEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Nanoseconds per flow, on one thread, of what the input does for every flow of the benchmark stream
 * ({@code bench/flowcodec-bench.sh}): flowgen's own datagrams (seed 7, {@value #FLOWS} records each, templates
 * every 100th datagram as flowgen sends them) through
 * <ul>
 *   <li>{@code decodeAndMap}: {@link FlowDatagramDecoder#decode}, i.e. decode + the event map;</li>
 *   <li>{@code fullPath}: decode → map → what the test kit's consumer does with each map (Logstash's
 *       {@code consumer.accept(map)}: the checked deep copy into an event) → batches of 125 → a filter that counts
 *       and cancels every event, as {@code InputBenchServer} runs it, minus the threads and queues between the
 *       stages. {@code fullPath − decodeAndMap} is the test kit's share.</li>
 * </ul>
 * Scores are ns per flow (AverageTime, {@value #FLOWS} flows per invocation). The v5 and sFlow streams also carry
 * {@value #FLOWS} records per datagram here (flowgen's defaults are 30 and 8), so that every score is per flow of
 * the same invocation size. Maps are checked once in {@link #setUp} to decode to {@value #FLOWS} events each.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class InputPathBenchmark {

    static final int FLOWS = 24;
    private static final int DATAGRAMS = 200;
    private static final int BATCH = 125;

    @Param({"v9", "ipfix", "v5", "sflow"})
    public String protocol;

    private ByteBuffer[] datagrams;
    private int next;
    private InetAddress exporter;
    private FlowDatagramDecoder decoder;
    private CountingPipeline pipeline;

    @Setup
    public void setUp() throws Exception {
        exporter = InetAddress.getByName("127.0.0.1");
        FlowGen.Config config = new FlowGen.Config(protocol, new InetSocketAddress(exporter, 9), 0, 0, 0, 0, 7,
                FLOWS, 1, 100, 1);
        List<byte[]> bytes = FlowGen.datagrams(config, DATAGRAMS);
        datagrams = new ByteBuffer[DATAGRAMS];
        for (int i = 0; i < DATAGRAMS; i++) {
            datagrams[i] = ByteBuffer.wrap(bytes.get(i)).asReadOnlyBuffer();
        }
        decoder = new FlowDatagramDecoder(new DecodeCounters(), MappingOptions.defaults());
        for (ByteBuffer d : datagrams) {
            int n = decoder.decode(d.duplicate(), exporter, e -> { });
            if (n != FLOWS) {
                throw new IllegalStateException(protocol + " datagram decodes to " + n + " events, not " + FLOWS);
            }
        }
        pipeline = new CountingPipeline();
    }

    private ByteBuffer nextDatagram() {
        ByteBuffer d = datagrams[next];
        next = next + 1 == DATAGRAMS ? 0 : next + 1;
        return d.duplicate();
    }

    @Benchmark
    @OperationsPerInvocation(FLOWS)
    public int decodeAndMap(Blackhole bh) {
        return decoder.decode(nextDatagram(), exporter, bh::consume);
    }

    @Benchmark
    @OperationsPerInvocation(FLOWS)
    public long fullPath() {
        decoder.decode(nextDatagram(), exporter, pipeline);
        return pipeline.counted;
    }

    /** The consumer and worker side of the test kit's pipeline, on the calling thread. */
    static final class CountingPipeline implements java.util.function.Consumer<Map<String, Object>> {
        private final List<Event> batch = new ArrayList<>(BATCH);
        long counted;
        long delivered;

        @Override
        public void accept(Map<String, Object> map) {
            batch.add(TestEvent.fromMap(map));
            if (batch.size() == BATCH) {
                List<Event> out = new ArrayList<>(BATCH);
                for (Event e : filter(batch)) {
                    if (!e.isCancelled()) {
                        out.add(e);
                    }
                }
                delivered += out.size();
                batch.clear();
            }
        }

        private Collection<Event> filter(Collection<Event> events) {
            for (Event e : events) {
                counted++;
                e.cancel();
            }
            return events;
        }
    }
}

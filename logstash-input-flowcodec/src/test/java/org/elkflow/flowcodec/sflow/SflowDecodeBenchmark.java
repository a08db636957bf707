package org.elkflow.flowcodec.sflow;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.elkflow.flowcodec.DecodeCounters;
import org.elkflow.flowcodec.FlowDatagramDecoder;
import org.elkflow.flowcodec.netflow.TemplateLimits;
import org.elkflow.flowcodec.schema.ElementRegistry;
import org.elkflow.flowcodec.schema.MappingOptions;
import org.elkflow.flowcodec.sflow.SflowDatagramBuilder.Xdr;
import org.elkflow.flowcodec.wire.DatagramReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * sFlow flow samples per second on one thread. The datagram is what a switch typically sends: {@value #SAMPLES}
 * compact flow samples, each with a 128-byte raw header (Ethernet, 802.1Q tag, IPv4, TCP) and an extended switch
 * record (1,756 bytes). {@code decodeOnly}: datagram → samples, header parsed down to TCP flags.
 * {@code decodeAndMap}: the facade the Logstash input calls, Map events included. Scores are samples/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class SflowDecodeBenchmark {

    static final int SAMPLES = 8;

    private ByteBuffer datagram;
    private SflowDecoder decoder;
    private FlowDatagramDecoder facade;
    private InetAddress exporter;

    @Setup
    public void setUp() throws Exception {
        SflowDatagramBuilder builder = new SflowDatagramBuilder();
        for (int i = 0; i < SAMPLES; i++) {
            byte[] header = new byte[128];
            byte[] prefix = SflowDatagramBuilder.hex("246e96043c08 246e96907a50 8100 0064 0800"
                    + "450005dc 1c4640004006 0000 0a000001 0a0000" + String.format("%02x", 2 + i)
                    + "b3ca0016 442722ff 0533158c 8010022c 04800000");
            System.arraycopy(prefix, 0, header, 0, prefix.length);
            byte[] sw = new Xdr().u32(100).u32(0).u32(100).u32(0).toBytes();
            builder.flowSample(1024, 27, 28, SflowDatagramBuilder.rawHeader(1, 1518, header),
                    SflowDatagramBuilder.record(1001, sw));
        }
        datagram = ByteBuffer.wrap(builder.build());
        decoder = new SflowDecoder();
        facade = new FlowDatagramDecoder(new DecodeCounters(), MappingOptions.defaults(), ElementRegistry.standard(),
                TemplateLimits.defaults(), System::currentTimeMillis);
        exporter = InetAddress.getByName("192.0.2.1");
        SflowDatagram check = decoder.decode(DatagramReader.of(datagram));
        FlowSample first = (FlowSample) check.samples().get(0);
        if (check.samples().size() != SAMPLES || first.header().parsed().tcpFlags() != 0x10
                || first.header().parsed().vlanCount() != 1) {
            throw new IllegalStateException("benchmark datagram does not decode as intended");
        }
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public void decodeOnly(Blackhole bh) {
        bh.consume(decoder.decode(DatagramReader.of(datagram)));
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public void decodeAndMap(Blackhole bh) {
        bh.consume(facade.decode(datagram, exporter, bh::consume));
    }

    /** Bytes of the benchmark datagram, for the README. */
    public static void main(String[] args) throws Exception {
        SflowDecodeBenchmark b = new SflowDecodeBenchmark();
        b.setUp();
        System.out.println(b.datagram.remaining() + " bytes, " + SAMPLES + " flow samples");
    }
}

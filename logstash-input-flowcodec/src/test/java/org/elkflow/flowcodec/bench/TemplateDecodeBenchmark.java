package org.elkflow.flowcodec.bench;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.elkflow.flowcodec.DecodeCounters;
import org.elkflow.flowcodec.FlowDatagramDecoder;
import org.elkflow.flowcodec.netflow.RecordHandler;
import org.elkflow.flowcodec.netflow.TemplateFlowDecoder;
import org.elkflow.flowcodec.netflow.TemplateLimits;
import org.elkflow.flowcodec.schema.ElementRegistry;
import org.elkflow.flowcodec.schema.MappingOptions;
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
 * Records per second on one thread for NetFlow v9 and IPFIX data sets with a typical 20-field IPv4 template
 * (55-byte records, {@value #RECORDS} per datagram): decode only (values extracted into the record flyweight)
 * and decode + event mapping (the Map events the Logstash input emits). Scores are records/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class TemplateDecodeBenchmark {

    static final int RECORDS = 25;
    /** type, length pairs: addresses, next hop, interfaces, counters, first/last, ports, flags, proto, tos, AS, masks, direction, ip version. */
    private static final int[][] FIELDS = {{8, 4}, {12, 4}, {15, 4}, {10, 4}, {14, 4}, {2, 4}, {1, 4}, {22, 4},
            {21, 4}, {7, 2}, {11, 2}, {6, 1}, {4, 1}, {5, 1}, {16, 4}, {17, 4}, {9, 1}, {13, 1}, {61, 1}, {60, 1}};

    @Param({"9", "10"})
    public int version;

    private ByteBuffer data;
    private InetAddress exporter;
    private TemplateFlowDecoder decodeOnly;
    private FlowDatagramDecoder withMapping;
    private final DecodeCounters counters = new DecodeCounters();

    @Setup
    public void setUp() throws Exception {
        exporter = InetAddress.getByName("192.0.2.1");
        byte[] template = datagram(version, true);
        data = ByteBuffer.wrap(datagram(version, false));
        decodeOnly = new TemplateFlowDecoder(ElementRegistry.standard(), TemplateLimits.defaults(),
                System::currentTimeMillis);
        decodeOnly.decode(ByteBuffer.wrap(template), exporter, "192.0.2.1", (h, t, r, s) -> { }, counters);
        withMapping = new FlowDatagramDecoder(counters, MappingOptions.defaults());
        withMapping.decode(ByteBuffer.wrap(template), exporter, e -> { });
        int n = withMapping.decode(data.duplicate(), exporter, e -> { });
        if (n != RECORDS) {
            throw new IllegalStateException("benchmark datagram decodes to " + n + " records: " + counters);
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int decodeOnly(Blackhole bh) {
        RecordHandler handler = (h, t, r, s) -> bh.consume(r.number(6));
        return decodeOnly.decode(data.duplicate(), exporter, "192.0.2.1", handler, counters);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int decodeAndMap(Blackhole bh) {
        return withMapping.decode(data.duplicate(), exporter, bh::consume);
    }

    /** A datagram holding either the template or {@value #RECORDS} data records. */
    static byte[] datagram(int version, boolean template) {
        ByteBuffer b = ByteBuffer.allocate(2048);
        int headerLength = version == 9 ? 20 : 16;
        b.position(headerLength);
        if (template) {
            b.putShort((short) (version == 9 ? 0 : 2)).putShort((short) (4 + 4 + FIELDS.length * 4));
            b.putShort((short) 300).putShort((short) FIELDS.length);
            for (int[] f : FIELDS) {
                b.putShort((short) f[0]).putShort((short) f[1]);
            }
        } else {
            int recordLength = 0;
            for (int[] f : FIELDS) {
                recordLength += f[1];
            }
            b.putShort((short) 300).putShort((short) (4 + recordLength * RECORDS));
            for (int r = 0; r < RECORDS; r++) {
                b.putInt(0x0A000001 + r).putInt(0xC0A80001 + r).putInt(0x0A0000FE).putInt(1 + r % 4)
                        .putInt(2).putInt(10 + r).putInt(1500 * (10 + r)).putInt(100_000 + r)
                        .putInt(160_000 + r).putShort((short) (40000 + r)).putShort((short) 443).put((byte) 0x1B)
                        .put((byte) 6).put((byte) 0).putInt(64500).putInt(64501 + r).put((byte) 24)
                        .put((byte) 16).put((byte) 0).put((byte) 4);
            }
        }
        int length = b.position();
        b.putShort(0, (short) version);
        if (version == 9) {
            b.putShort(2, (short) (template ? 1 : RECORDS)).putInt(4, 200_000).putInt(8, 1_700_000_000)
                    .putInt(12, 1).putInt(16, 0);
        } else {
            b.putShort(2, (short) length).putInt(4, 1_700_000_000).putInt(8, 1).putInt(12, 0);
        }
        byte[] out = new byte[length];
        b.get(0, out, 0, length);
        return out;
    }
}

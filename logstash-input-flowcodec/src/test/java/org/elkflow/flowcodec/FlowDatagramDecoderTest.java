package org.elkflow.flowcodec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.elkflow.flowcodec.schema.MappingOptions;
import org.elkflow.flowcodec.testing.RecordingListener;
import org.elkflow.flowcodec.testing.RecordingListener.Drop;
import org.elkflow.flowcodec.testing.SharedData;
import org.elkflow.flowcodec.testing.V5DatagramBuilder;
import org.junit.jupiter.api.Test;

class FlowDatagramDecoderTest {

    private static final InetAddress EXPORTER = InetAddress.getLoopbackAddress();

    private final RecordingListener listener = new RecordingListener();
    private final FlowDatagramDecoder decoder = new FlowDatagramDecoder(listener);
    private final List<Map<String, Object>> events = new ArrayList<>();

    private int decode(byte[] datagram) {
        return decoder.decode(ByteBuffer.wrap(datagram), EXPORTER, events::add);
    }

    private Drop dropOf(byte[] datagram) {
        assertEquals(0, decode(datagram));
        assertTrue(events.isEmpty(), "no events for a dropped datagram");
        return listener.singleDrop();
    }

    private void assertDrop(DropReason reason, String detail, byte[] datagram) {
        Drop drop = dropOf(datagram);
        assertEquals(reason, drop.reason());
        assertEquals(detail, drop.detail());
    }

    @Test
    void emptyDatagram() {
        assertDrop(DropReason.MALFORMED, "datagram has 0 bytes, too short for a version field", new byte[0]);
    }

    @Test
    void oneByteDatagram() {
        assertDrop(DropReason.MALFORMED, "datagram has 1 bytes, too short for a version field", new byte[] {5});
    }

    @Test
    void netflowV9IsDecoded() {
        RecordingListener listener = new RecordingListener();
        int emitted = new FlowDatagramDecoder(listener).decode(
                ByteBuffer.wrap(SharedData.capture("netflow/netflow9_test_valid01.dat")), null, event -> { });
        assertEquals(7, emitted);
        assertEquals(List.of(7), listener.decoded);
        assertTrue(listener.drops.isEmpty(), "drops: " + listener.drops);
    }

    @Test
    void ipfixIsDecoded() {
        RecordingListener listener = new RecordingListener();
        int emitted = new FlowDatagramDecoder(listener).decode(
                ByteBuffer.wrap(SharedData.capture("netflow/ipfix.dat")), null, event -> { });
        assertEquals(7, emitted);
        assertTrue(listener.drops.isEmpty(), "drops: " + listener.drops);
    }

    @Test
    void sflowV5IsDecoded() {
        RecordingListener listener = new RecordingListener();
        int emitted = new FlowDatagramDecoder(listener).decode(
                ByteBuffer.wrap(SharedData.capture("sflow/logstash-codec-sflow/sflow_flow_sample.dat")), null,
                event -> { });
        assertEquals(1, emitted);
        assertEquals(List.of(1), listener.decoded);
        assertTrue(listener.drops.isEmpty(), "drops: " + listener.drops);
    }

    @Test
    void unknownVersions() {
        assertDrop(DropReason.UNSUPPORTED_VERSION, "unknown flow protocol version 7",
                new V5DatagramBuilder().version(7).record().bytes());
    }

    @Test
    void versionZeroThatIsNotSflow() {
        assertDrop(DropReason.UNSUPPORTED_VERSION, "unknown flow protocol version 0", new byte[] {0, 0, 0, 4, 1});
    }

    @Test
    void versionZeroTooShortForSflow() {
        assertDrop(DropReason.UNSUPPORTED_VERSION, "unknown flow protocol version 0", new byte[] {0, 0, 0});
    }

    @Test
    void corruptedCaptureWithHugeCount() {
        // netflow5_test_invalid01.dat: header count 55582 in a 1464-byte file
        assertDrop(DropReason.MALFORMED, "v5 header says 55582 records, more than the v5 maximum of 30",
                SharedData.capture("netflow/netflow5_test_invalid01.dat"));
    }

    @Test
    void corruptedCaptureWithCount163() {
        assertDrop(DropReason.MALFORMED, "v5 header says 163 records, more than the v5 maximum of 30",
                SharedData.capture("netflow/netflow5_test_invalid02.dat"));
    }

    @Test
    void truncatedHeader() {
        byte[] header = Arrays.copyOf(new V5DatagramBuilder().record().bytes(), 10);
        assertDrop(DropReason.MALFORMED, "v5 datagram has 10 bytes, shorter than the 24-byte header", header);
    }

    @Test
    void countLargerThanPayload() {
        assertDrop(DropReason.MALFORMED, "v5 header says 30 records (1464 bytes) but datagram has 1200 bytes",
                new V5DatagramBuilder().records(24).trailingBytes(24).count(30).bytes());
    }

    @Test
    void countZero() {
        assertDrop(DropReason.MALFORMED, "v5 header says 0 records", new V5DatagramBuilder().bytes());
    }

    @Test
    void countThirtyOne() {
        assertDrop(DropReason.MALFORMED, "v5 header says 31 records, more than the v5 maximum of 30",
                new V5DatagramBuilder().records(31).bytes());
    }

    @Test
    void trailingBytesAreTolerated() {
        assertEquals(2, decode(new V5DatagramBuilder().records(2).trailingBytes(100).bytes()));
        assertEquals(2, events.size());
        assertEquals(List.of(2), listener.decoded);
        assertTrue(listener.drops.isEmpty());
    }

    @Test
    void readsFromPositionToLimitWithoutMovingThem() {
        byte[] v5 = new V5DatagramBuilder().record(r -> r.dstPort = 8443).bytes();
        byte[] framed = new byte[v5.length + 20];
        System.arraycopy(v5, 0, framed, 7, v5.length);
        ByteBuffer buffer = ByteBuffer.wrap(framed);
        buffer.position(7).limit(7 + v5.length);
        buffer.order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, decoder.decode(buffer, EXPORTER, events::add));
        assertEquals(7, buffer.position());
        assertEquals(7 + v5.length, buffer.limit());
        @SuppressWarnings("unchecked")
        Map<String, Object> destination = (Map<String, Object>) events.get(0).get("destination");
        assertEquals(8443L, destination.get("port"));
    }

    @Test
    void directAndReadOnlyBuffers() {
        byte[] v5 = new V5DatagramBuilder().records(3).bytes();
        ByteBuffer direct = ByteBuffer.allocateDirect(v5.length);
        direct.put(v5).flip();
        assertEquals(3, decoder.decode(direct, EXPORTER, events::add));
        assertEquals(3, decoder.decode(ByteBuffer.wrap(v5).asReadOnlyBuffer(), EXPORTER, events::add));
        assertEquals(List.of(3, 3), listener.decoded);
    }

    @Test
    void upscalingOptionReachesTheMapper() {
        FlowDatagramDecoder upscaling = new FlowDatagramDecoder(listener,
                MappingOptions.defaults().withUpscaleSampling(true));
        upscaling.decode(new V5DatagramBuilder().sampling(1, 10).record(r -> r.octets = 100).buffer(), EXPORTER,
                events::add);
        @SuppressWarnings("unchecked")
        Map<String, Object> network = (Map<String, Object>) events.get(0).get("network");
        assertEquals(1_000L, network.get("bytes"));
    }

    @Test
    void sinkExceptionsPropagateAndTheDatagramIsNotCountedAsDecoded() {
        IllegalStateException boom = new IllegalStateException("queue closed");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> decoder.decode(new V5DatagramBuilder().record().buffer(), EXPORTER, e -> {
                    throw boom;
                }));
        assertSame(boom, thrown);
        assertTrue(listener.decoded.isEmpty());
        assertTrue(listener.drops.isEmpty());
    }

    @Test
    void hostileInputNeverThrows() {
        byte[] valid = SharedData.capture("netflow/netflow5_test_microtik.dat");
        Random random = new Random(1464);
        DecodeCounters counters = new DecodeCounters();
        FlowDatagramDecoder fuzzed = new FlowDatagramDecoder(counters);
        int attempts = 20_000;
        for (int i = 0; i < attempts; i++) {
            byte[] mutated = Arrays.copyOf(valid, random.nextInt(valid.length + 64));
            int flips = random.nextInt(8);
            for (int f = 0; f < flips && mutated.length > 0; f++) {
                mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
            }
            if (mutated.length >= 2 && random.nextBoolean()) {
                mutated[0] = 0;
                mutated[1] = 5; // keep it a v5 datagram so the v5 checks are what gets exercised
            }
            fuzzed.decode(ByteBuffer.wrap(mutated), EXPORTER, event -> { });
        }
        assertEquals(attempts, counters.datagramsDecoded() + counters.droppedTotal());
        assertTrue(counters.dropped(DropReason.MALFORMED) > 0);
        assertTrue(counters.datagramsDecoded() > 0);
    }

    @Test
    void sharedBetweenThreads() throws Exception {
        byte[] datagram = SharedData.capture("netflow/netflow5_test_microtik.dat");
        List<Map<String, Object>> baseline = new ArrayList<>();
        new FlowDatagramDecoder(new DecodeCounters()).decode(ByteBuffer.wrap(datagram), EXPORTER, baseline::add);
        assertEquals(30, baseline.size());

        DecodeCounters counters = new DecodeCounters();
        FlowDatagramDecoder shared = new FlowDatagramDecoder(counters);
        ByteBuffer sharedBuffer = ByteBuffer.wrap(datagram).asReadOnlyBuffer();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        int perThread = 500;
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    boolean same = true;
                    for (int i = 0; i < perThread; i++) {
                        List<Map<String, Object>> out = new ArrayList<>(30);
                        // Also the same buffer object from every thread: the decoder must not move it.
                        shared.decode(sharedBuffer, EXPORTER, out::add);
                        same &= out.equals(baseline);
                    }
                    return same;
                }));
            }
            for (Future<Boolean> future : futures) {
                assertTrue(future.get(120, TimeUnit.SECONDS), "a thread saw different events");
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(8L * perThread, counters.datagramsDecoded());
        assertEquals(8L * perThread * 30, counters.recordsDecoded());
        assertEquals(0, counters.droppedTotal());
    }

    @Test
    void nullListenerIsRejected() {
        assertThrows(NullPointerException.class, () -> new FlowDatagramDecoder(null));
    }
}

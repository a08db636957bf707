package org.elkflow.flowcodec.sflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.elkflow.flowcodec.DecodeCounters;
import org.elkflow.flowcodec.DropReason;
import org.elkflow.flowcodec.FlowDatagramDecoder;
import org.elkflow.flowcodec.netflow.TemplateLimits;
import org.elkflow.flowcodec.schema.ElementRegistry;
import org.elkflow.flowcodec.schema.MappingOptions;
import org.elkflow.flowcodec.schema.SflowEventMapper;
import org.elkflow.flowcodec.testing.CaptureManifest;
import org.elkflow.flowcodec.testing.EventValueTypes;
import org.elkflow.flowcodec.wire.DatagramReader;
import org.elkflow.flowcodec.wire.MalformedDatagramException;
import org.junit.jupiter.api.Test;

/**
 * Hostile input: 120,000 mutations of the real sFlow captures and of generated datagrams (truncations, record
 * and header lengths past the end, counts of 2^31, random words and bytes). Nothing but
 * {@link MalformedDatagramException} may come out of the decoder, every event must be Logstash-convertible, and
 * the bytes allocated while decoding one datagram stay proportional to its size (no allocation sized from an
 * untrusted length or count).
 */
class SflowFuzzTest {

    private static final int MUTATIONS = 120_000;
    private static final long[] INTERESTING = {0, 1, 2, 3, 4, 5, 8, 0x7F, 0xFF, 0x3FFF_FFFFL, 0x4000_0000L,
            0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFCL, 0xFFFF_FFFFL, 1000, 65535, 65536};

    @Test
    void mutatedDatagramsNeverThrowAnythingButMalformed() {
        List<byte[]> seeds = seeds();
        SplittableRandom random = new SplittableRandom(0x5F10_0005L);
        SflowDecoder decoder = new SflowDecoder();
        SflowEventMapper mapper = new SflowEventMapper(MappingOptions.defaults().withUpscaleSampling(true));
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        Map<DropReason, Integer> drops = new EnumMap<>(DropReason.class);
        // The same inputs through the facade the input uses: nothing escapes, every drop is counted by reason.
        DecodeCounters counters = new DecodeCounters();
        FlowDatagramDecoder facade = new FlowDatagramDecoder(counters, MappingOptions.defaults(),
                ElementRegistry.standard(), TemplateLimits.defaults(), () -> 0L);
        FlowDatagramDecoder otherFacade = new FlowDatagramDecoder(new DecodeCounters());
        Map<DropReason, Integer> sflowDrops = new EnumMap<>(DropReason.class);
        int decoded = 0;
        long events = 0;
        double worstRatio = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            byte[] input = mutate(seed, random);
            // The facade picks the protocol by the version field: mutations of it may go to the NetFlow decoders.
            boolean stillSflow = input.length >= 4 && ByteBuffer.wrap(input).getInt(0) == 5;
            int facadeEvents = (stillSflow ? facade : otherFacade).decode(ByteBuffer.wrap(input), null, e -> { });
            long before = threads.getThreadAllocatedBytes(thread);
            SflowDatagram datagram;
            try {
                datagram = decoder.decode(DatagramReader.of(ByteBuffer.wrap(input)));
            } catch (MalformedDatagramException e) {
                drops.merge(e.reason(), 1, Integer::sum);
                if (stillSflow) {
                    sflowDrops.merge(e.reason(), 1, Integer::sum);
                    assertEquals(0, facadeEvents, "a dropped datagram yields no events");
                }
                continue;
            } catch (RuntimeException | Error e) {
                fail("mutation " + i + " of a " + seed.length + "-byte seed threw " + e, e);
                return;
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            // Fixed overhead plus a bounded multiple of the datagram: a 2^31 count would blow far past this.
            assertTrue(allocated <= 64 * 1024 + 64L * input.length,
                    "decoding " + input.length + " bytes allocated " + allocated + " bytes (mutation " + i + ")");
            worstRatio = Math.max(worstRatio, (double) allocated / Math.max(1, input.length));
            decoded++;
            List<Map<String, Object>> out = new ArrayList<>();
            mapper.map(datagram, 0L, out::add);
            if (i % 16 == 0) {
                out.forEach(EventValueTypes::assertAllowed);
            }
            events += out.size();
            assertEquals(stillSflow, true, "only a version-5 datagram decodes as sFlow");
            assertEquals(out.size(), facadeEvents, "facade and decoder agree on mutation " + i);
        }
        int dropped = drops.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("sFlow fuzz: %d mutations, %d decoded (%d events), drops %s, worst allocation %.1f bytes"
                + " per datagram byte%n", MUTATIONS, decoded, events, drops, worstRatio);
        assertEquals(MUTATIONS, decoded + dropped);
        assertEquals(decoded, counters.datagramsDecoded(), counters.toString());
        assertEquals((long) sflowDrops.getOrDefault(DropReason.MALFORMED, 0), counters.dropped(DropReason.MALFORMED));
        assertEquals(0, counters.dropped(DropReason.UNSUPPORTED_VERSION), counters.toString());
        assertEquals(events, counters.recordsDecoded());
        assertTrue(decoded > MUTATIONS / 10, "mutations should not all be fatal: " + decoded);
        assertTrue(drops.getOrDefault(DropReason.MALFORMED, 0) > MUTATIONS / 10, "many drops: " + drops);
    }

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (CaptureManifest.Row row : CaptureManifest.rowsWithProtocol("sflow5")) {
            if (row.expectedRecords().isPresent()) {
                seeds.addAll(SflowTestSupport.datagrams(row));
            }
        }
        SflowDatagramBuilder.Xdr user = new SflowDatagramBuilder.Xdr().u32(106).string("u").u32(106).string("v");
        SflowDatagramBuilder.Xdr gateway = new SflowDatagramBuilder.Xdr().ipv4(10, 0, 0, 1).u32(1).u32(2).u32(3)
                .u32(2).u32(2).u32(2).u32(100).u32(200).u32(1).u32(1).u32(300).u32(2).u32(7).u32(8).u32(100);
        seeds.add(new SflowDatagramBuilder().flowSample(64, 1, 2,
                SflowDatagramBuilder.rawHeader(1, 1514, SflowDatagramBuilder.ethernetIpv4Tcp()),
                SflowDatagramBuilder.record(1004, user.toBytes()),
                SflowDatagramBuilder.record(1003, gateway.toBytes())).build());
        SflowDatagramBuilder.Xdr descr = new SflowDatagramBuilder.Xdr().string("h").bytes(new byte[16]).u32(1)
                .u32(2).string("r");
        seeds.add(new SflowDatagramBuilder().counterSample(3,
                SflowDatagramBuilder.record(2000, descr.toBytes()),
                SflowDatagramBuilder.record(5, new byte[28]), SflowDatagramBuilder.record(2, new byte[52])).build());
        return seeds;
    }

    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] b = seed.clone();
        int kind = random.nextInt(8);
        switch (kind) {
            case 0: // truncate anywhere
                return Arrays.copyOf(b, random.nextInt(b.length + 1));
            case 1: // one aligned word set to an interesting value (counts, lengths, address types, formats)
            case 2:
                for (int n = 1 + random.nextInt(2); n > 0 && b.length >= 4; n--) {
                    int at = random.nextInt(b.length / 4) * 4;
                    ByteBuffer.wrap(b).putInt(at, (int) INTERESTING[random.nextInt(INTERESTING.length)]);
                }
                return b;
            case 3: // a length word grown so it runs past the end
                if (b.length >= 8) {
                    int at = random.nextInt(b.length / 4) * 4;
                    ByteBuffer.wrap(b).putInt(at, b.length - at + random.nextInt(64));
                }
                return b;
            case 4: // random bytes flipped
                for (int n = 1 + random.nextInt(4); n > 0 && b.length > 0; n--) {
                    b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
                }
                return b;
            case 5: // a word replaced by a random one, then truncated
                if (b.length >= 4) {
                    ByteBuffer.wrap(b).putInt(random.nextInt(b.length / 4) * 4, random.nextInt());
                }
                return Arrays.copyOf(b, Math.max(0, b.length - random.nextInt(16)));
            case 6: // junk appended
                byte[] longer = Arrays.copyOf(b, b.length + 1 + random.nextInt(64));
                for (int i = b.length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                return longer;
            default: // sample count of 2^31 (or more samples than present)
                if (b.length >= 28) {
                    int countAt = b[7] == 2 ? 36 : 24;
                    if (b.length >= countAt + 4) {
                        ByteBuffer.wrap(b).putInt(countAt, random.nextBoolean() ? Integer.MIN_VALUE
                                : random.nextInt(1, 64));
                    }
                }
                return b;
        }
    }
}

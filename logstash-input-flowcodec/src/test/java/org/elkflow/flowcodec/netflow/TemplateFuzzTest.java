package org.elkflow.flowcodec.netflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.elkflow.flowcodec.DecodeListener;
import org.elkflow.flowcodec.DropReason;
import org.elkflow.flowcodec.FlowDatagramDecoder;
import org.elkflow.flowcodec.schema.ElementRegistry;
import org.elkflow.flowcodec.schema.MappingOptions;
import org.elkflow.flowcodec.testing.CaptureManifest;
import org.elkflow.flowcodec.testing.EventValueTypes;
import org.elkflow.flowcodec.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Hostile input: mutations of the real v9 / IPFIX captures (bit flips, byte overwrites, truncations, huge
 * length and count fields, zero-length templates, template ids below 256, 65535-byte variable lengths, set
 * lengths that are not a multiple of the record length). At least 100,000 datagrams; no exception may escape,
 * every event must be well-typed, and the template cache and buffer stay within their limits.
 */
class TemplateFuzzTest {

    private static final int DATAGRAMS = 120_000;
    private static final long SEED = 0x5EEDF10DL;

    @Test
    void mutatedCapturesNeverThrowAndStayBounded() throws Exception {
        List<byte[]> corpus = corpus();
        assertTrue(corpus.size() > 50, "corpus too small: " + corpus.size());
        Random random = new Random(SEED);
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        long[] decoded = {0, 0};
        DecodeListener listener = new DecodeListener() {
            @Override
            public void onDecoded(int records) {
                decoded[0]++;
                decoded[1] += records;
            }

            @Override
            public void onDropped(DropReason reason, String detail) {
                assertTrue(detail != null && !detail.isBlank(), "drop without detail: " + reason);
                drops.merge(reason, 1L, Long::sum);
            }
        };
        TemplateLimits limits = new TemplateLimits(16, 64, 8, 64 * 1024, 60_000);
        FlowDatagramDecoder decoder = new FlowDatagramDecoder(listener, MappingOptions.defaults().withUpscaleSampling(true),
                ElementRegistry.standard(), limits, System::currentTimeMillis);
        InetAddress[] exporters = new InetAddress[17]; // one more than the exporter cap
        for (int i = 0; i < exporters.length; i++) {
            exporters[i] = InetAddress.getByAddress(new byte[] {10, 9, 0, (byte) i});
        }
        long events = 0;
        for (int n = 0; n < DATAGRAMS; n++) {
            byte[] original = corpus.get(random.nextInt(corpus.size()));
            byte[] mutated = mutate(original, random);
            InetAddress exporter = exporters[random.nextInt(exporters.length)];
            // Feed the unmutated original now and then, so that templates exist and data paths are reached.
            if (random.nextInt(4) == 0) {
                decoder.decode(ByteBuffer.wrap(original), exporter, e -> { });
            }
            int[] count = {0};
            int returned = decoder.decode(ByteBuffer.wrap(mutated), exporter, e -> {
                count[0]++;
                if ((count[0] & 63) == 1) {
                    EventValueTypes.assertAllowed(e);
                }
            });
            assertEquals(count[0], returned);
            events += returned;
        }
        decoder.expirePending();
        System.out.printf("fuzz: %d datagrams, %d decoded, %d events, drops %s%n", DATAGRAMS, decoded[0], events, drops);
        assertTrue(drops.getOrDefault(DropReason.MALFORMED, 0L) > 1000, "mutations should be detected: " + drops);
        assertTrue(events > 10_000, "mutations should still leave decodable data: " + events);
        assertTrue(drops.getOrDefault(DropReason.EXPORTER_LIMIT, 0L) > 0, "exporter cap never reached: " + drops);
    }

    @Test
    void cacheLimitsHoldUnderATemplateFlood() {
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        DecodeListener listener = new DecodeListener() {
            @Override
            public void onDecoded(int records) {
            }

            @Override
            public void onDropped(DropReason reason, String detail) {
                drops.merge(reason, 1L, Long::sum);
            }
        };
        TemplateFlowDecoder decoder = new TemplateFlowDecoder(ElementRegistry.standard(),
                new TemplateLimits(4, 100, 8, 4096, 60_000), () -> 0L);
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            // One IPFIX message with one template of random id >= 256 and 3 random fields.
            ByteBuffer b = ByteBuffer.allocate(16 + 4 + 4 + 12);
            b.putShort((short) 10).putShort((short) 36).putInt(0).putInt(i).putInt(random.nextInt(8));
            b.putShort((short) 2).putShort((short) 20);
            b.putShort((short) (256 + random.nextInt(60000))).putShort((short) 3);
            for (int f = 0; f < 3; f++) {
                b.putShort((short) (1 + random.nextInt(400))).putShort((short) (1 + random.nextInt(8)));
            }
            b.flip();
            decoder.decode(b, InetAddress.getLoopbackAddress(), "127.0.0.1", (h, t, r, s) -> { }, listener);
            // And a data set for a template that never comes.
            ByteBuffer d = ByteBuffer.allocate(16 + 4 + 1000);
            d.putShort((short) 10).putShort((short) 1020).putInt(0).putInt(i).putInt(random.nextInt(8));
            d.putShort((short) 65000).putShort((short) 1004);
            d.position(0);
            decoder.decode(d, InetAddress.getLoopbackAddress(), "127.0.0.1", (h, t, r, s) -> { }, listener);
        }
        assertTrue(decoder.cache().exporterCount() <= 4, "exporters: " + decoder.cache().exporterCount());
        for (ExporterState state : decoder.cache().states()) {
            assertTrue(state.templateCount() <= 100, "templates: " + state.templateCount());
            assertTrue(state.pendingCount() <= 4, "pending: " + state.pendingCount()); // 4096 bytes / 1004
        }
        assertTrue(drops.getOrDefault(DropReason.TEMPLATE_LIMIT, 0L) > 0, drops.toString());
        assertTrue(drops.getOrDefault(DropReason.EXPORTER_LIMIT, 0L) > 0, drops.toString());
        assertTrue(drops.getOrDefault(DropReason.TEMPLATE_MISSING, 0L) > 0, drops.toString());
    }

    static byte[] mutate(byte[] original, Random random) {
        byte[] b = original.clone();
        int kind = random.nextInt(10);
        int headerLen = b.length >= 2 && b[1] == 10 ? 16 : 20;
        switch (kind) {
            case 0: // bit flips
                for (int i = 0, n = 1 + random.nextInt(8); i < n && b.length > 0; i++) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return b;
            case 1: // truncation
                return java.util.Arrays.copyOf(b, random.nextInt(b.length + 1));
            case 2: // huge 16-bit field somewhere after the header (lengths, counts, field lengths)
                if (b.length > headerLen + 4) {
                    int at = headerLen + random.nextInt(b.length - headerLen - 1);
                    int[] values = {0xFFFF, 0xFFFE, 0x8000, 0, 4, 255, 256};
                    int v = values[random.nextInt(values.length)];
                    b[at] = (byte) (v >>> 8);
                    b[at + 1] = (byte) v;
                }
                return b;
            case 3: // random bytes over a region
                for (int i = 0, n = random.nextInt(32); i < n && b.length > 0; i++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
                return b;
            case 4: // first set's length: not a multiple of anything
                if (b.length > headerLen + 4) {
                    int len = 4 + random.nextInt(b.length - headerLen);
                    b[headerLen + 2] = (byte) (len >>> 8);
                    b[headerLen + 3] = (byte) len;
                }
                return b;
            case 5: // zero-length template: first template's field count = 0, or id < 256
                if (b.length > headerLen + 8) {
                    if (random.nextBoolean()) {
                        b[headerLen + 6] = 0;
                        b[headerLen + 7] = 0;
                    } else {
                        b[headerLen + 4] = 0;
                        b[headerLen + 5] = (byte) random.nextInt(256);
                    }
                }
                return b;
            case 6: // 0xFF variable-length prefixes sprinkled in
                for (int i = 0, n = 1 + random.nextInt(4); i < n && b.length > headerLen; i++) {
                    int at = headerLen + random.nextInt(b.length - headerLen);
                    b[at] = (byte) 0xFF;
                    if (at + 2 < b.length) {
                        b[at + 1] = (byte) 0xFF;
                        b[at + 2] = (byte) 0xFF;
                    }
                }
                return b;
            case 7: // extend with garbage
                byte[] longer = java.util.Arrays.copyOf(b, b.length + random.nextInt(64));
                for (int i = b.length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                return longer;
            case 8: // swap version between 9 and 10
                if (b.length > 2) {
                    b[1] = (byte) (b[1] == 9 ? 10 : 9);
                }
                return b;
            default: // IPFIX message length / v9 count
                if (b.length > 4) {
                    int v = random.nextInt(65536);
                    b[2] = (byte) (v >>> 8);
                    b[3] = (byte) v;
                }
                return b;
        }
    }

    static List<byte[]> corpus() {
        List<byte[]> corpus = new ArrayList<>();
        for (CaptureManifest.Row row : CaptureManifest.rows()) {
            if (!row.protocols().contains("netflow9") && !row.protocols().contains("ipfix")) {
                continue;
            }
            if (row.isPcap()) {
                for (CaptureManifest.Payload p : CaptureManifest.payloads(row)) {
                    if (p.version() == 9 || p.version() == 10) {
                        corpus.add(SharedData.capture(p.file()));
                    }
                }
            } else {
                corpus.add(SharedData.capture(row.path()));
            }
        }
        return corpus;
    }
}

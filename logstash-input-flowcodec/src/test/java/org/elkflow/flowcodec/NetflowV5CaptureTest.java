package org.elkflow.flowcodec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;

import org.elkflow.flowcodec.testing.CaptureManifest;
import org.elkflow.flowcodec.testing.CaptureManifest.Payload;
import org.elkflow.flowcodec.testing.CaptureManifest.Row;
import org.elkflow.flowcodec.testing.EventValueTypes;
import org.elkflow.flowcodec.testing.RecordingListener;
import org.elkflow.flowcodec.testing.SharedData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every NetFlow v5 capture listed in {@code flow-captures/MANIFEST.tsv} decodes to the number of records the
 * manifest states. New v5 rows are picked up without touching this test.
 */
class NetflowV5CaptureTest {

    /** Raw {@code .dat} files have no exporter address; a documentation address stands in. */
    private static final InetAddress DAT_EXPORTER = address("192.0.2.55");

    /**
     * For rows mixing v5 with another protocol, the manifest's expected_records counts all protocols, so the
     * v5 share is stated here. nprobe-netflow9.pcap: 154 = 150 v5 records (five full datagrams of 30) + 2 v9
     * data + 2 v9 options records.
     */
    private static final Map<String, Integer> V5_RECORDS_IN_MIXED_ROWS = Map.of(
            "pcap/graylog-plugin-netflow/nprobe-netflow9.pcap", 150);

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void manifestListsTheKnownKindsOfV5Rows() {
        List<Row> rows = CaptureManifest.rowsWithProtocol("netflow5");
        // Guards against a parsing mistake that would make the factory below test nothing.
        assertTrue(rows.size() >= 9, "netflow5 rows found: " + rows);
        assertTrue(rows.stream().anyMatch(Row::isPcap), "no pcap row");
        assertTrue(rows.stream().anyMatch(Row::isMixed), "no mixed-version row");
        assertTrue(rows.stream().anyMatch(r -> r.expectedRecords().isEmpty()), "no malformed row");
        assertTrue(rows.stream().anyMatch(r -> !r.isPcap() && r.datagrams() > 1), "no concatenated .dat row");
    }

    @TestFactory
    Stream<DynamicTest> everyV5CaptureDecodesToTheStatedRecordCount() {
        return CaptureManifest.rowsWithProtocol("netflow5").stream()
                .map(row -> DynamicTest.dynamicTest(row.path(),
                        () -> {
                            if (row.isPcap()) {
                                checkPcap(row);
                            } else {
                                checkDat(row);
                            }
                        }));
    }

    private static void checkDat(Row row) {
        byte[] file = SharedData.capture(row.path());
        byte[] datagram = row.datagrams() > 1 ? firstDatagram(file) : file;
        RecordingListener listener = new RecordingListener();
        List<Map<String, Object>> events = new ArrayList<>();
        int emitted = new FlowDatagramDecoder(listener).decode(ByteBuffer.wrap(datagram), DAT_EXPORTER, events::add);

        OptionalInt expected = row.expectedRecords();
        if (expected.isPresent()) {
            assertEquals(expected.getAsInt(), emitted, row.path());
            assertEquals(expected.getAsInt(), events.size(), row.path());
            assertEquals(List.of(expected.getAsInt()), listener.decoded, row.path());
            assertTrue(listener.drops.isEmpty(), row.path() + " drops: " + listener.drops);
            events.forEach(EventValueTypes::assertAllowed);
        } else {
            // "n/a": broken input; it must be reported, not thrown, and yield nothing.
            assertEquals(0, emitted, row.path());
            assertEquals(DropReason.MALFORMED, listener.singleDrop().reason(), row.path());
        }
    }

    private static void checkPcap(Row row) {
        List<Payload> payloads = CaptureManifest.payloads(row);
        assertEquals(row.datagrams(), payloads.size(), row.path() + ": payloads in index.tsv");
        RecordingListener listener = new RecordingListener();
        FlowDatagramDecoder decoder = new FlowDatagramDecoder(listener);
        int v5Records = 0;
        int v5RecordsPerIndex = 0;
        int otherDatagrams = 0;
        for (Payload payload : payloads) {
            byte[] bytes = SharedData.capture(payload.file());
            assertEquals(payload.bytes(), bytes.length, payload.file());
            List<Map<String, Object>> events = new ArrayList<>();
            int decodedBefore = listener.decoded.size();
            int dropsBefore = listener.drops.size();
            int emitted = decoder.decode(ByteBuffer.wrap(bytes), payload.exporter(), events::add);
            assertEquals(events.size(), emitted);
            if (payload.version() == 5) {
                // The index records the header's count independently of our decoder.
                v5RecordsPerIndex += payload.secondShort();
                assertEquals(List.of(payload.secondShort()),
                        listener.decoded.subList(decodedBefore, listener.decoded.size()), payload.file());
                assertEquals(dropsBefore, listener.drops.size(), payload.file() + " drops: " + listener.drops);
                for (Map<String, Object> event : events) {
                    EventValueTypes.assertAllowed(event);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> observer = (Map<String, Object>) event.get("observer");
                    assertEquals(payload.exporter().getHostAddress(), observer.get("ip"), payload.file());
                }
                v5Records += emitted;
            } else {
                // NetFlow v9 / IPFIX datagrams of mixed captures are checked by TemplateCaptureTest.
                otherDatagrams++;
            }
        }
        assertEquals(v5RecordsPerIndex, v5Records, row.path() + ": v5 records vs the counts in index.tsv");
        if (row.isMixed()) {
            Integer v5Share = V5_RECORDS_IN_MIXED_ROWS.get(row.path());
            if (v5Share == null) {
                fail("mixed row " + row.path() + " is new: state its v5 record count in V5_RECORDS_IN_MIXED_ROWS");
            }
            assertEquals(v5Share.intValue(), v5Records, row.path());
            assertTrue(otherDatagrams > 0, row.path() + " has no non-v5 datagram");
            assertTrue(v5Records < row.expectedRecords().getAsInt(), row.path());
        } else {
            assertEquals(row.expectedRecords().getAsInt(), v5Records, row.path());
            assertEquals(0, otherDatagrams, row.path());
        }
    }

    /** The first datagram of a concatenation: its length follows from its header count. */
    static byte[] firstDatagram(byte[] file) {
        return Arrays.copyOf(file, v5Length(file, 0));
    }

    private static int v5Length(byte[] file, int offset) {
        assertEquals(5, ((file[offset] & 0xFF) << 8) | (file[offset + 1] & 0xFF), "version at offset " + offset);
        int count = ((file[offset + 2] & 0xFF) << 8) | (file[offset + 3] & 0xFF);
        return 24 + 48 * count;
    }

    @Test
    void concatenatedNetflow5DatHoldsTwelveDatagramsWithThirtyRecords() {
        // Manifest notable for netflow/netflow5.dat: 12 concatenated datagrams holding 30 records in all.
        byte[] file = SharedData.capture("netflow/netflow5.dat");
        RecordingListener listener = new RecordingListener();
        FlowDatagramDecoder decoder = new FlowDatagramDecoder(listener);
        int offset = 0;
        int datagrams = 0;
        int records = 0;
        while (offset < file.length) {
            int length = v5Length(file, offset);
            records += decoder.decode(ByteBuffer.wrap(file, offset, length), DAT_EXPORTER, event -> { });
            offset += length;
            datagrams++;
        }
        assertEquals(file.length, offset);
        assertEquals(12, datagrams);
        assertEquals(30, records);
        assertTrue(listener.drops.isEmpty(), "drops: " + listener.drops);
    }

    @Test
    void concatenatedFileFedWholeDecodesOnlyTheFirstDatagram() {
        // What the Logstash spec does: the other 11 datagrams are trailing bytes after 2 records.
        RecordingListener listener = new RecordingListener();
        int emitted = new FlowDatagramDecoder(listener).decode(
                ByteBuffer.wrap(SharedData.capture("netflow/netflow5.dat")), DAT_EXPORTER, event -> { });
        assertEquals(2, emitted);
        assertEquals(List.of(2), listener.decoded);
    }
}

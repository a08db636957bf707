package org.elkflow.flowcodec.netflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.elkflow.flowcodec.DropReason;
import org.elkflow.flowcodec.testing.V5DatagramBuilder;
import org.elkflow.flowcodec.wire.DatagramReader;
import org.elkflow.flowcodec.wire.MalformedDatagramException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetflowV5DecoderTest {

    private final NetflowV5Decoder decoder = new NetflowV5Decoder();

    private NetflowV5Datagram decode(V5DatagramBuilder builder) {
        return decoder.decode(DatagramReader.of(builder.bytes()));
    }

    private MalformedDatagramException rejected(V5DatagramBuilder builder) {
        return assertThrows(MalformedDatagramException.class, () -> decode(builder));
    }

    @Test
    void everyHeaderFieldIsDecoded() {
        NetflowV5Header header = decode(new V5DatagramBuilder()
                .sysUptime(0xFEDC_BA98L)
                .exportTime(0xF000_0001L, 999_999_999L)
                .flowSequence(0xFFFF_FFFFL)
                .engine(0xAB, 0xCD)
                .sampling(2, 0x3FFF)
                .record()).header();
        assertEquals(5, header.version());
        assertEquals(1, header.count());
        assertEquals(0xFEDC_BA98L, header.sysUptimeMillis());
        assertEquals(0xF000_0001L, header.unixSecs());
        assertEquals(999_999_999L, header.unixNsecs());
        assertEquals(0xFFFF_FFFFL, header.flowSequence());
        assertEquals(0xAB, header.engineType());
        assertEquals(0xCD, header.engineId());
        assertEquals(2, header.samplingMode());
        assertEquals(0x3FFF, header.samplingInterval());
        // 0xF0000001 s = 4026531841 s, + 999 ms from the nanoseconds
        assertEquals(4_026_531_841_999L, header.exportTimeMillis());
    }

    @Test
    void samplingFieldSplitsIntoModeAndInterval() {
        // 0x4064: mode 01, interval 0x0064 = 100 (the softflowd capture in the Graylog pcap)
        NetflowV5Header header = decode(new V5DatagramBuilder().sampling(1, 100).record()).header();
        assertEquals(1, header.samplingMode());
        assertEquals(100, header.samplingInterval());
        NetflowV5Header none = decode(new V5DatagramBuilder().record()).header();
        assertEquals(0, none.samplingMode());
        assertEquals(0, none.samplingInterval());
    }

    @Test
    void everyRecordFieldIsDecodedIncludingMaximumValues() {
        NetflowV5Record r = decode(new V5DatagramBuilder().record(x -> {
            x.srcAddr = "255.254.253.252";
            x.dstAddr = "1.2.3.4";
            x.nextHop = "128.0.0.1";
            x.input = 0xFFFF;
            x.output = 0x8001;
            x.packets = 0xFFFF_FFFFL;
            x.octets = 0x8000_0000L;
            x.first = 0xFFFF_FFF0L;
            x.last = 0xFFFF_FFFFL;
            x.srcPort = 0xFFFF;
            x.dstPort = 0x8000;
            x.pad1 = 0x77;
            x.tcpFlags = 0xFF;
            x.protocol = 0xFE;
            x.tos = 0xFD;
            x.srcAs = 0xFFFF;
            x.dstAs = 0x8000;
            x.srcMask = 32;
            x.dstMask = 0xFF;
            x.pad2 = 0x7777;
        })).records().get(0);
        assertEquals(0xFFFE_FDFC, r.srcAddr());
        assertEquals(0x0102_0304, r.dstAddr());
        assertEquals(0x8000_0001, r.nextHop());
        assertEquals(0xFFFF, r.inputIfIndex());
        assertEquals(0x8001, r.outputIfIndex());
        assertEquals(4_294_967_295L, r.packets());
        assertEquals(2_147_483_648L, r.octets());
        assertEquals(0xFFFF_FFF0L, r.firstUptime());
        assertEquals(0xFFFF_FFFFL, r.lastUptime());
        assertEquals(0xFFFF, r.srcPort());
        assertEquals(0x8000, r.dstPort());
        assertEquals(0xFF, r.tcpFlags());
        assertEquals(0xFE, r.protocol());
        assertEquals(0xFD, r.tos());
        assertEquals(0xFFFF, r.srcAs());
        assertEquals(0x8000, r.dstAs());
        assertEquals(32, r.srcMask());
        assertEquals(0xFF, r.dstMask());
        assertEquals(15, r.durationMillis());
    }

    @Test
    void recordsKeepWireOrder() {
        NetflowV5Datagram datagram = decode(new V5DatagramBuilder()
                .record(r -> r.srcPort = 1)
                .record(r -> r.srcPort = 2)
                .record(r -> r.srcPort = 3));
        assertEquals(3, datagram.records().size());
        for (int i = 0; i < 3; i++) {
            assertEquals(i + 1, datagram.records().get(i).srcPort());
        }
    }

    @Test
    void thirtyRecordsIsTheMaximumAndIsAccepted() {
        assertEquals(30, decode(new V5DatagramBuilder().records(30)).records().size());
    }

    @Test
    void shorterThanTheHeader() {
        byte[] full = new V5DatagramBuilder().record().bytes();
        byte[] cut = java.util.Arrays.copyOf(full, 23);
        MalformedDatagramException e = assertThrows(MalformedDatagramException.class,
                () -> decoder.decode(DatagramReader.of(cut)));
        assertEquals(DropReason.MALFORMED, e.reason());
        assertEquals("v5 datagram has 23 bytes, shorter than the 24-byte header", e.detail());
    }

    @Test
    void countZero() {
        MalformedDatagramException e = rejected(new V5DatagramBuilder());
        assertEquals(DropReason.MALFORMED, e.reason());
        assertEquals("v5 header says 0 records", e.detail());
    }

    @ParameterizedTest
    @ValueSource(ints = {31, 163, 55_582, 65_535})
    void countAboveThirty(int count) {
        // Enough bytes present for the count is not what makes it valid: v5 never holds more than 30.
        MalformedDatagramException e = rejected(new V5DatagramBuilder().records(30).count(count));
        assertEquals(DropReason.MALFORMED, e.reason());
        assertEquals("v5 header says " + count + " records, more than the v5 maximum of 30", e.detail());
    }

    @Test
    void countAboveWhatIsPresent() {
        MalformedDatagramException e = rejected(new V5DatagramBuilder().records(2).count(3));
        assertEquals(DropReason.MALFORMED, e.reason());
        assertEquals("v5 header says 3 records (168 bytes) but datagram has 120 bytes", e.detail());
    }

    @Test
    void lastRecordCutShort() {
        MalformedDatagramException e = rejected(new V5DatagramBuilder().records(30).truncateBy(1));
        assertEquals("v5 header says 30 records (1464 bytes) but datagram has 1463 bytes", e.detail());
    }

    @Test
    void otherVersionIsNotDecodedAsV5() {
        MalformedDatagramException e = rejected(new V5DatagramBuilder().version(9).record());
        assertEquals(DropReason.UNSUPPORTED_VERSION, e.reason());
        assertEquals("v5 decoder got version 9", e.detail());
    }

    @Test
    void trailingBytesAreIgnored() {
        NetflowV5Datagram datagram = decode(new V5DatagramBuilder()
                .record(r -> r.dstPort = 53)
                .record(r -> r.dstPort = 123)
                .trailingBytes(47));
        assertEquals(2, datagram.records().size());
        assertEquals(53, datagram.records().get(0).dstPort());
        assertEquals(123, datagram.records().get(1).dstPort());
    }

    @Test
    void absoluteTimesUseTheExportTimeAndUptime() {
        // export 1700000000.250 s, uptime 100000 ms; First 90000 is 10000 ms and Last 95000 5000 ms before.
        NetflowV5Datagram datagram = decode(new V5DatagramBuilder()
                .sysUptime(100_000).exportTime(1_700_000_000L, 250_000_000L)
                .record(r -> {
                    r.first = 90_000;
                    r.last = 95_000;
                }));
        NetflowV5Header header = datagram.header();
        NetflowV5Record record = datagram.records().get(0);
        assertEquals(1_700_000_000_250L, header.exportTimeMillis());
        assertEquals(1_699_999_990_250L, header.absoluteTimeMillis(record.firstUptime()));
        assertEquals(1_699_999_995_250L, header.absoluteTimeMillis(record.lastUptime()));
        assertEquals(5_000, record.durationMillis());
    }

    @Test
    void uptimeWrapAroundBetweenFirstAndExport() {
        // The 32-bit uptime counter wrapped after the flow started: sys_uptime 1000 is numerically below
        // First 0xFFFFF000 (2^32 - 4096). Modulo 2^32, First is 4096 + 1000 = 5096 ms before the export,
        // and Last 500 is 500 ms before it; the flow lasted 4096 + 500 = 4596 ms.
        NetflowV5Datagram datagram = decode(new V5DatagramBuilder()
                .sysUptime(1_000).exportTime(1_600_000_000L, 0)
                .record(r -> {
                    r.first = 0xFFFF_F000L;
                    r.last = 500;
                }));
        NetflowV5Header header = datagram.header();
        NetflowV5Record record = datagram.records().get(0);
        assertEquals(1_599_999_994_904L, header.absoluteTimeMillis(record.firstUptime()));
        assertEquals(1_599_999_999_500L, header.absoluteTimeMillis(record.lastUptime()));
        assertEquals(4_596, record.durationMillis());
    }

    @Test
    void uptimeWrapAroundBetweenLastAndExport() {
        // Both stamps from before the wrap: First 2^32 - 3000, Last 2^32 - 1000, sys_uptime 2000 after it.
        NetflowV5Datagram datagram = decode(new V5DatagramBuilder()
                .sysUptime(2_000).exportTime(1_600_000_000L, 0)
                .record(r -> {
                    r.first = 0xFFFF_FFFFL - 2_999;
                    r.last = 0xFFFF_FFFFL - 999;
                }));
        NetflowV5Header header = datagram.header();
        NetflowV5Record record = datagram.records().get(0);
        assertEquals(1_600_000_000_000L - 5_000, header.absoluteTimeMillis(record.firstUptime()));
        assertEquals(1_600_000_000_000L - 3_000, header.absoluteTimeMillis(record.lastUptime()));
        assertEquals(2_000, record.durationMillis());
    }

    @Test
    void recordsListIsImmutable() {
        NetflowV5Datagram datagram = decode(new V5DatagramBuilder().record());
        assertThrows(UnsupportedOperationException.class, () -> datagram.records().clear());
    }
}

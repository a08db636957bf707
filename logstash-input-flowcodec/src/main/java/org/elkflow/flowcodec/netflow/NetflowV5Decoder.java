package org.elkflow.flowcodec.netflow;

import java.util.List;

import org.elkflow.flowcodec.DropReason;
import org.elkflow.flowcodec.wire.DatagramReader;
import org.elkflow.flowcodec.wire.MalformedDatagramException;

/**
 * Decodes NetFlow v5 datagrams (fixed 24-byte header, then {@code count} fixed 48-byte records).
 *
 * <p>The whole datagram is validated before any record is read, so a malformed datagram yields nothing:
 * it is rejected when it is shorter than the header, when the header count is 0 or above the v5 maximum of
 * 30, or when it is shorter than {@code 24 + 48 * count} bytes.
 *
 * <p>Bytes after the last announced record are ignored, not rejected: some exporters pad datagrams (to a
 * word boundary or a fixed size), and the header count is the only length v5 carries, so the records it
 * announces are decodable and the tail carries nothing we could interpret.
 *
 * <p>Stateless and immutable: one instance can serve any number of threads.
 */
public final class NetflowV5Decoder {

    public static final int VERSION = 5;
    public static final int HEADER_LENGTH = 24;
    public static final int RECORD_LENGTH = 48;
    public static final int MAX_RECORDS = 30;

    /**
     * Decodes the datagram in {@code in}, which must start at the version field.
     *
     * @throws MalformedDatagramException when the datagram is not a well-formed v5 datagram
     */
    public NetflowV5Datagram decode(DatagramReader in) {
        int length = in.remaining();
        if (length < HEADER_LENGTH) {
            throw MalformedDatagramException.malformed("v5 datagram has " + length
                    + " bytes, shorter than the " + HEADER_LENGTH + "-byte header");
        }
        int version = in.u16();
        if (version != VERSION) {
            throw new MalformedDatagramException(DropReason.UNSUPPORTED_VERSION,
                    "v5 decoder got version " + version);
        }
        int count = in.u16();
        if (count == 0) {
            throw MalformedDatagramException.malformed("v5 header says 0 records");
        }
        if (count > MAX_RECORDS) {
            throw MalformedDatagramException.malformed("v5 header says " + count
                    + " records, more than the v5 maximum of " + MAX_RECORDS);
        }
        int needed = HEADER_LENGTH + RECORD_LENGTH * count;
        if (length < needed) {
            throw MalformedDatagramException.malformed("v5 header says " + count + " records (" + needed
                    + " bytes) but datagram has " + length + " bytes");
        }

        long sysUptime = in.u32();
        long unixSecs = in.u32();
        long unixNsecs = in.u32();
        long flowSequence = in.u32();
        int engineType = in.u8();
        int engineId = in.u8();
        int sampling = in.u16();
        NetflowV5Header header = new NetflowV5Header(VERSION, count, sysUptime, unixSecs, unixNsecs, flowSequence,
                engineType, engineId, sampling >>> 14, sampling & 0x3FFF);

        NetflowV5Record[] records = new NetflowV5Record[count];
        for (int i = 0; i < count; i++) {
            records[i] = readRecord(in);
        }
        // Any remaining bytes are padding (see class comment) and are deliberately not looked at.
        return new NetflowV5Datagram(header, List.of(records));
    }

    private static NetflowV5Record readRecord(DatagramReader in) {
        int srcAddr = in.ipv4();
        int dstAddr = in.ipv4();
        int nextHop = in.ipv4();
        int input = in.u16();
        int output = in.u16();
        long packets = in.u32();
        long octets = in.u32();
        long first = in.u32();
        long last = in.u32();
        int srcPort = in.u16();
        int dstPort = in.u16();
        in.skip(1); // pad1
        int tcpFlags = in.u8();
        int protocol = in.u8();
        int tos = in.u8();
        int srcAs = in.u16();
        int dstAs = in.u16();
        int srcMask = in.u8();
        int dstMask = in.u8();
        in.skip(2); // pad2
        return new NetflowV5Record(srcAddr, dstAddr, nextHop, input, output, packets, octets, first, last,
                srcPort, dstPort, tcpFlags, protocol, tos, srcAs, dstAs, srcMask, dstMask);
    }
}

package org.elkflow.flowcodec.testing;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds NetFlow v5 datagrams byte by byte for hand-made test cases, including broken ones (wrong version,
 * a header count that disagrees with the records present, trailing bytes, a truncated end).
 */
public final class V5DatagramBuilder {

    private int version = 5;
    private Integer countOverride;
    private long sysUptime = 100_000;
    private long unixSecs = 1_700_000_000L;
    private long unixNsecs = 250_000_000L;
    private long flowSequence = 42;
    private int engineType = 1;
    private int engineId = 2;
    private int samplingMode;
    private int samplingInterval;
    private int trailingBytes;
    private int truncateBy;
    private final List<Record> records = new ArrayList<>();

    /** Field values of one record; defaults describe a plausible TCP flow. */
    public static final class Record {
        public String srcAddr = "10.1.2.3";
        public String dstAddr = "192.0.2.10";
        public String nextHop = "10.0.0.254";
        public int input = 3;
        public int output = 7;
        public long packets = 10;
        public long octets = 1_500;
        public long first = 90_000;
        public long last = 95_000;
        public int srcPort = 40_000;
        public int dstPort = 443;
        public int pad1;
        public int tcpFlags = 0x1B;
        public int protocol = 6;
        public int tos;
        public int srcAs = 64_500;
        public int dstAs = 64_501;
        public int srcMask = 24;
        public int dstMask = 16;
        public int pad2;
    }

    public V5DatagramBuilder version(int value) {
        this.version = value;
        return this;
    }

    /** Writes {@code value} as the header count instead of the number of records added. */
    public V5DatagramBuilder count(int value) {
        this.countOverride = value;
        return this;
    }

    public V5DatagramBuilder sysUptime(long millis) {
        this.sysUptime = millis;
        return this;
    }

    public V5DatagramBuilder exportTime(long secs, long nsecs) {
        this.unixSecs = secs;
        this.unixNsecs = nsecs;
        return this;
    }

    public V5DatagramBuilder flowSequence(long value) {
        this.flowSequence = value;
        return this;
    }

    public V5DatagramBuilder engine(int type, int id) {
        this.engineType = type;
        this.engineId = id;
        return this;
    }

    public V5DatagramBuilder sampling(int mode, int interval) {
        this.samplingMode = mode;
        this.samplingInterval = interval;
        return this;
    }

    /** Appends {@code count} bytes of 0xEE after the records (exporter padding). */
    public V5DatagramBuilder trailingBytes(int count) {
        this.trailingBytes = count;
        return this;
    }

    /** Cuts {@code count} bytes off the end of the finished datagram. */
    public V5DatagramBuilder truncateBy(int count) {
        this.truncateBy = count;
        return this;
    }

    /** Adds a record with default values. */
    public V5DatagramBuilder record() {
        return record(r -> { });
    }

    /** Adds a record whose defaults {@code edit} may change. */
    public V5DatagramBuilder record(Consumer<Record> edit) {
        Record record = new Record();
        edit.accept(record);
        records.add(record);
        return this;
    }

    /** Adds {@code count} default records. */
    public V5DatagramBuilder records(int count) {
        for (int i = 0; i < count; i++) {
            record();
        }
        return this;
    }

    public byte[] bytes() {
        ByteBuffer out = ByteBuffer.allocate(24 + 48 * records.size() + trailingBytes);
        out.putShort((short) version);
        out.putShort((short) (countOverride != null ? countOverride : records.size()));
        out.putInt((int) sysUptime);
        out.putInt((int) unixSecs);
        out.putInt((int) unixNsecs);
        out.putInt((int) flowSequence);
        out.put((byte) engineType);
        out.put((byte) engineId);
        out.putShort((short) ((samplingMode << 14) | (samplingInterval & 0x3FFF)));
        for (Record r : records) {
            out.put(ipv4(r.srcAddr));
            out.put(ipv4(r.dstAddr));
            out.put(ipv4(r.nextHop));
            out.putShort((short) r.input);
            out.putShort((short) r.output);
            out.putInt((int) r.packets);
            out.putInt((int) r.octets);
            out.putInt((int) r.first);
            out.putInt((int) r.last);
            out.putShort((short) r.srcPort);
            out.putShort((short) r.dstPort);
            out.put((byte) r.pad1);
            out.put((byte) r.tcpFlags);
            out.put((byte) r.protocol);
            out.put((byte) r.tos);
            out.putShort((short) r.srcAs);
            out.putShort((short) r.dstAs);
            out.put((byte) r.srcMask);
            out.put((byte) r.dstMask);
            out.putShort((short) r.pad2);
        }
        while (out.hasRemaining()) {
            out.put((byte) 0xEE);
        }
        byte[] all = out.array();
        byte[] result = new byte[all.length - truncateBy];
        System.arraycopy(all, 0, result, 0, result.length);
        return result;
    }

    public ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes());
    }

    private static byte[] ipv4(String dotted) {
        String[] parts = dotted.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a dotted quad: " + dotted);
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            out[i] = (byte) Integer.parseInt(parts[i]);
        }
        return out;
    }
}

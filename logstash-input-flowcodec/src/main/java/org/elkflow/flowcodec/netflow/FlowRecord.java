package org.elkflow.flowcodec.netflow;

import java.nio.ByteBuffer;

/**
 * One decoded data record, as a flyweight over the datagram: per field its offset and length in the buffer and,
 * for numeric kinds, its value. Reused for every record of a set; valid only during the handler call.
 */
public final class FlowRecord {

    private static final long NTP_TO_UNIX_SECONDS = 2_208_988_800L;

    ByteBuffer buffer;
    final int[] offset;
    final int[] length;
    final long[] number;

    FlowRecord(int capacity) {
        offset = new int[capacity];
        length = new int[capacity];
        number = new long[capacity];
    }

    public ByteBuffer buffer() {
        return buffer;
    }

    public int offset(int field) {
        return offset[field];
    }

    public int length(int field) {
        return length[field];
    }

    /**
     * Numeric value of the field: unsigned/signed integers (reduced-size encodings widened), booleans (1/0),
     * seconds / milliseconds timestamps as read, NTP timestamps as Unix epoch milliseconds, float bits.
     */
    public long number(int field) {
        return number[field];
    }

    /**
     * Reads one record of {@code t} at {@code pos}; returns the position after it, or -1 when a field would run
     * past {@code end} (the record is then not decodable).
     */
    int read(CompiledTemplate t, ByteBuffer b, int pos, int end) {
        buffer = b;
        int[] kinds = t.kind;
        int[] lengths = t.length;
        for (int i = 0; i < kinds.length; i++) {
            int len = lengths[i];
            if (len == CompiledTemplate.VARIABLE) {
                if (pos >= end) {
                    return -1;
                }
                len = b.get(pos++) & 0xFF;
                if (len == 255) {
                    if (end - pos < 2) {
                        return -1;
                    }
                    len = b.getShort(pos) & 0xFFFF;
                    pos += 2;
                }
            }
            if (len > end - pos) {
                return -1;
            }
            offset[i] = pos;
            length[i] = len;
            switch (kinds[i]) {
                case CompiledTemplate.K_UNSIGNED:
                case CompiledTemplate.K_SECONDS:
                case CompiledTemplate.K_MILLIS:
                case CompiledTemplate.K_BOOLEAN:
                    number[i] = unsigned(b, pos, len);
                    break;
                case CompiledTemplate.K_SIGNED:
                    number[i] = len == 0 ? 0 : (unsigned(b, pos, len) << (64 - 8 * len)) >> (64 - 8 * len);
                    break;
                case CompiledTemplate.K_FLOAT:
                    number[i] = len == 4 ? Double.doubleToRawLongBits(Float.intBitsToFloat(b.getInt(pos)))
                            : b.getLong(pos);
                    break;
                case CompiledTemplate.K_NTP:
                    number[i] = ntpMillis(b.getInt(pos) & 0xFFFF_FFFFL, b.getInt(pos + 4) & 0xFFFF_FFFFL);
                    break;
                case CompiledTemplate.K_SCOPE:
                case CompiledTemplate.K_UNKNOWN:
                    number[i] = len <= 8 ? unsigned(b, pos, len) : 0;
                    break;
                default:
                    break;
            }
            pos += len;
        }
        return pos;
    }

    static long unsigned(ByteBuffer b, int pos, int len) {
        switch (len) {
            case 1:
                return b.get(pos) & 0xFFL;
            case 2:
                return b.getShort(pos) & 0xFFFFL;
            case 4:
                return b.getInt(pos) & 0xFFFF_FFFFL;
            case 8:
                return b.getLong(pos);
            default:
                long v = 0;
                for (int i = 0; i < len; i++) {
                    v = (v << 8) | (b.get(pos + i) & 0xFF);
                }
                return v;
        }
    }

    /** NTP (seconds since 1900, 2^-32 fraction) to Unix epoch milliseconds. */
    static long ntpMillis(long seconds, long fraction) {
        return (seconds - NTP_TO_UNIX_SECONDS) * 1000L + ((fraction * 1000L) >>> 32);
    }
}

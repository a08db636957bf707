package org.elkflow.flowcodec.wire;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Bounds-checked, big-endian (network order) reads over a region of a {@link ByteBuffer}.
 *
 * <p>Every read checks the remaining length first and throws {@link MalformedDatagramException} instead of
 * reading past the end. Lengths taken from the datagram itself ({@link #section}, {@link #skip},
 * {@link #bytes}) are checked against the bytes really present before anything is allocated or skipped.
 *
 * <p>The reader uses absolute gets only: it never moves the position or limit of the caller's buffer, and
 * several readers may read the same buffer concurrently. A reader itself is not thread-safe; it is meant to
 * live for the decoding of one datagram on one thread. Offsets in messages are relative to the start of the
 * reader's region.
 */
public final class DatagramReader {

    private final ByteBuffer buffer;
    private final int start;
    private final int end;
    private int position;

    private DatagramReader(ByteBuffer buffer, int start, int end) {
        this.buffer = buffer;
        this.start = start;
        this.end = end;
        this.position = start;
    }

    /** A reader over {@code buffer}'s bytes from its position to its limit; the buffer itself is not changed. */
    public static DatagramReader of(ByteBuffer buffer) {
        ByteBuffer bigEndian = buffer.order() == ByteOrder.BIG_ENDIAN
                ? buffer
                : buffer.duplicate().order(ByteOrder.BIG_ENDIAN);
        return new DatagramReader(bigEndian, buffer.position(), buffer.limit());
    }

    /** A reader over a whole array. */
    public static DatagramReader of(byte[] bytes) {
        return of(ByteBuffer.wrap(bytes));
    }

    /** Bytes between the current position and the end of this reader's region. */
    public int remaining() {
        return end - position;
    }

    public boolean hasRemaining() {
        return position < end;
    }

    /** Current offset from the start of this reader's region. */
    public int offset() {
        return position - start;
    }

    /** Size of this reader's region. */
    public int length() {
        return end - start;
    }

    /** Throws unless at least {@code count} more bytes are present; {@code what} names them in the message. */
    public void require(int count, String what) {
        if (count < 0 || count > end - position) {
            throw MalformedDatagramException.malformed(what + " needs " + count + " bytes at offset " + offset()
                    + " but " + remaining() + " remain");
        }
    }

    public int u8() {
        check(1);
        return buffer.get(position++) & 0xFF;
    }

    public int u16() {
        check(2);
        int value = buffer.getShort(position) & 0xFFFF;
        position += 2;
        return value;
    }

    public long u32() {
        return i32() & 0xFFFF_FFFFL;
    }

    /** The next four bytes as a signed int, for callers that keep raw 32-bit values (IPv4 addresses). */
    public int i32() {
        check(4);
        int value = buffer.getInt(position);
        position += 4;
        return value;
    }

    /**
     * The next eight bytes as a long. Values of 2<sup>63</sup> and above come back negative; callers that
     * may see them use {@link Long#toUnsignedString(long)} or {@link Long#compareUnsigned(long, long)}.
     */
    public long u64() {
        check(8);
        long value = buffer.getLong(position);
        position += 8;
        return value;
    }

    /** The next four bytes as an IPv4 address in network order (first byte in the high bits). */
    public int ipv4() {
        return i32();
    }

    public String ipv4String() {
        return AddressText.ipv4(i32());
    }

    public InetAddress ipv4Address() {
        return toInetAddress(bytes(4));
    }

    public String ipv6String() {
        return AddressText.ipv6(bytes(16));
    }

    public InetAddress ipv6Address() {
        return toInetAddress(bytes(16));
    }

    /** A copy of the next {@code count} bytes; the count is checked before the array is allocated. */
    public byte[] bytes(int count) {
        check(count);
        byte[] out = new byte[count];
        buffer.get(position, out, 0, count);
        position += count;
        return out;
    }

    public void skip(int count) {
        check(count);
        position += count;
    }

    /**
     * A reader over the next {@code length} bytes, and this reader moves past them. The length usually comes
     * from the datagram, so it is checked against what is really there first; {@code what} names the section
     * in the message ("v9 flowset 256").
     */
    public DatagramReader section(int length, String what) {
        if (length < 0 || length > end - position) {
            throw MalformedDatagramException.malformed(what + " says " + length + " bytes but only "
                    + remaining() + " remain at offset " + offset());
        }
        DatagramReader section = new DatagramReader(buffer, position, position + length);
        position += length;
        return section;
    }

    /** Unsigned 16-bit value at {@code offset} from the region start, without moving; bounds-checked. */
    public int peekU16(int offset) {
        if (offset < 0 || offset > end - start - 2) {
            throw MalformedDatagramException.malformed("needs 2 bytes at offset " + offset + " but the region has "
                    + length());
        }
        return buffer.getShort(start + offset) & 0xFFFF;
    }

    /** Unsigned 32-bit value at {@code offset} from the region start, without moving; bounds-checked. */
    public long peekU32(int offset) {
        if (offset < 0 || offset > end - start - 4) {
            throw MalformedDatagramException.malformed("needs 4 bytes at offset " + offset + " but the region has "
                    + length());
        }
        return buffer.getInt(start + offset) & 0xFFFF_FFFFL;
    }

    private void check(int count) {
        if (count < 0 || count > end - position) {
            throw MalformedDatagramException.malformed("read of " + count + " bytes at offset " + offset()
                    + " but " + remaining() + " remain");
        }
    }

    private static InetAddress toInetAddress(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            // Only thrown for a wrong array length, which bytes(4) / bytes(16) rule out.
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "DatagramReader{offset=" + offset() + ", length=" + length() + '}';
    }
}

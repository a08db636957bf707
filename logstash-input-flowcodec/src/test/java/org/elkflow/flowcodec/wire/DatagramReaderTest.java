package org.elkflow.flowcodec.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.elkflow.flowcodec.DropReason;
import org.junit.jupiter.api.Test;

class DatagramReaderTest {

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void readsBigEndianUnsignedValues() {
        DatagramReader in = DatagramReader.of(bytes(
                0xFF,
                0xFE, 0xDC,
                0xFF, 0xFF, 0xFF, 0xFE,
                0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02,
                0x01, 0x02, 0x03, 0x04));
        assertEquals(0xFF, in.u8());
        assertEquals(0xFEDC, in.u16());
        assertEquals(4_294_967_294L, in.u32());
        assertEquals(0x8000_0000_0000_0102L, in.u64());
        assertEquals(0x01020304, in.i32());
        assertEquals(0, in.remaining());
        assertFalse(in.hasRemaining());
        assertEquals(19, in.offset());
    }

    @Test
    void readPastTheEndThrowsMalformedWithoutStackTrace() {
        DatagramReader in = DatagramReader.of(bytes(1, 2, 3));
        in.u8();
        MalformedDatagramException e = assertThrows(MalformedDatagramException.class, in::u32);
        assertEquals(DropReason.MALFORMED, e.reason());
        assertEquals("read of 4 bytes at offset 1 but 2 remain", e.detail());
        assertEquals(0, e.getStackTrace().length);
        assertSame(e, e.fillInStackTrace());
        // The failed read did not move the reader.
        assertEquals(2, in.remaining());
        assertEquals(0x0203, in.u16());
        assertThrows(MalformedDatagramException.class, in::u8);
        assertThrows(MalformedDatagramException.class, in::u16);
        assertThrows(MalformedDatagramException.class, in::u64);
        assertThrows(MalformedDatagramException.class, in::i32);
    }

    @Test
    void everyReadKindIsBoundsChecked() {
        assertThrows(MalformedDatagramException.class, () -> DatagramReader.of(new byte[3]).ipv4());
        assertThrows(MalformedDatagramException.class, () -> DatagramReader.of(new byte[3]).ipv4String());
        assertThrows(MalformedDatagramException.class, () -> DatagramReader.of(new byte[3]).ipv4Address());
        assertThrows(MalformedDatagramException.class, () -> DatagramReader.of(new byte[15]).ipv6String());
        assertThrows(MalformedDatagramException.class, () -> DatagramReader.of(new byte[15]).ipv6Address());
        assertThrows(MalformedDatagramException.class, () -> DatagramReader.of(new byte[7]).u64());
        assertThrows(MalformedDatagramException.class, () -> DatagramReader.of(new byte[5]).skip(6));
        assertThrows(MalformedDatagramException.class, () -> DatagramReader.of(new byte[5]).skip(-1));
        assertThrows(MalformedDatagramException.class, () -> DatagramReader.of(new byte[5]).bytes(-1));
    }

    @Test
    void bytesChecksTheLengthBeforeAllocating() {
        DatagramReader in = DatagramReader.of(new byte[8]);
        // A hostile length field: must fail on the check, not with OutOfMemoryError.
        MalformedDatagramException e = assertThrows(MalformedDatagramException.class,
                () -> in.bytes(Integer.MAX_VALUE));
        assertEquals("read of 2147483647 bytes at offset 0 but 8 remain", e.detail());
        assertArrayEquals(new byte[8], in.bytes(8));
    }

    @Test
    void addresses() throws Exception {
        byte[] data = new byte[4 + 4 + 4 + 16 + 16];
        byte[] v4 = {(byte) 192, (byte) 168, 1, (byte) 254};
        byte[] v6 = InetAddress.getByName("2001:db8::8:800:200c:417a").getAddress();
        System.arraycopy(v4, 0, data, 0, 4);
        System.arraycopy(v4, 0, data, 4, 4);
        System.arraycopy(v4, 0, data, 8, 4);
        System.arraycopy(v6, 0, data, 12, 16);
        System.arraycopy(v6, 0, data, 28, 16);
        DatagramReader in = DatagramReader.of(data);
        assertEquals(0xC0A801FE, in.ipv4());
        assertEquals("192.168.1.254", in.ipv4String());
        assertEquals(InetAddress.getByName("192.168.1.254"), in.ipv4Address());
        assertEquals("2001:db8::8:800:200c:417a", in.ipv6String());
        assertEquals(InetAddress.getByName("2001:db8::8:800:200c:417a"), in.ipv6Address());
    }

    @Test
    void sectionIsBoundedAndAdvancesTheParent() {
        DatagramReader in = DatagramReader.of(bytes(0, 3, 0xA, 0xB, 0xC, 0xD));
        int length = in.u16();
        DatagramReader section = in.section(length, "test set");
        assertEquals(3, section.length());
        assertEquals(0, section.offset());
        assertEquals(0x0A0B, section.u16());
        assertEquals(0x0C, section.u8());
        MalformedDatagramException e = assertThrows(MalformedDatagramException.class, section::u8);
        assertEquals("read of 1 bytes at offset 3 but 0 remain", e.detail());
        // The parent moved past the section and can still read what follows it.
        assertEquals(5, in.offset());
        assertEquals(0x0D, in.u8());
    }

    @Test
    void sectionLongerThanWhatIsThereIsRejected() {
        DatagramReader in = DatagramReader.of(bytes(0, 0x40, 1, 2, 3));
        int claimed = in.u16();
        MalformedDatagramException e = assertThrows(MalformedDatagramException.class,
                () -> in.section(claimed, "v9 flowset 256"));
        assertEquals("v9 flowset 256 says 64 bytes but only 3 remain at offset 2", e.detail());
        assertThrows(MalformedDatagramException.class, () -> in.section(-1, "negative"));
        // Nothing was consumed by the failed attempts.
        assertEquals(3, in.remaining());
        assertEquals(3, in.section(3, "exact").remaining());
        assertEquals(0, in.remaining());
    }

    @Test
    void requireNamesWhatIsMissing() {
        DatagramReader in = DatagramReader.of(new byte[10]);
        in.skip(4);
        in.require(6, "record");
        MalformedDatagramException e = assertThrows(MalformedDatagramException.class, () -> in.require(7, "record"));
        assertEquals("record needs 7 bytes at offset 4 but 6 remain", e.detail());
    }

    @Test
    void peeksAreAbsoluteAndChecked() {
        DatagramReader in = DatagramReader.of(bytes(0, 0, 0, 5, 9));
        in.u8();
        assertEquals(0, in.peekU16(0));
        assertEquals(5, in.peekU32(0));
        assertEquals(0x0509, in.peekU16(3));
        assertEquals(1, in.offset());
        assertThrows(MalformedDatagramException.class, () -> in.peekU16(4));
        assertThrows(MalformedDatagramException.class, () -> in.peekU32(2));
        assertThrows(MalformedDatagramException.class, () -> in.peekU16(-1));
    }

    @Test
    void readsFromPositionToLimitAndLeavesTheBufferAlone() {
        ByteBuffer buffer = ByteBuffer.wrap(bytes(9, 9, 0x12, 0x34, 0x56, 9));
        buffer.position(2).limit(5);
        buffer.order(ByteOrder.LITTLE_ENDIAN);
        DatagramReader in = DatagramReader.of(buffer);
        assertEquals(3, in.length());
        assertEquals(0x1234, in.u16()); // big-endian regardless of the buffer's order
        assertEquals(0x56, in.u8());
        assertThrows(MalformedDatagramException.class, in::u8);
        assertEquals(2, buffer.position());
        assertEquals(5, buffer.limit());
        assertEquals(ByteOrder.LITTLE_ENDIAN, buffer.order());
    }

    @Test
    void worksOnDirectAndReadOnlyBuffers() {
        ByteBuffer direct = ByteBuffer.allocateDirect(8);
        direct.putLong(0, 0x0102030405060708L);
        assertEquals(0x0102030405060708L, DatagramReader.of(direct).u64());
        ByteBuffer readOnly = ByteBuffer.wrap(bytes(0xAB, 0xCD, 1, 2)).asReadOnlyBuffer();
        DatagramReader in = DatagramReader.of(readOnly);
        assertEquals(0xABCD, in.u16());
        assertArrayEquals(bytes(1, 2), in.bytes(2));
        assertTrue(readOnly.isReadOnly());
    }
}

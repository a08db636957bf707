package org.elkflow.flowcodec.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressTextTest {

    @Test
    void ipv4Extremes() {
        assertEquals("0.0.0.0", AddressText.ipv4(0));
        assertEquals("255.255.255.255", AddressText.ipv4(-1));
        assertEquals("10.0.2.15", AddressText.ipv4(0x0A00020F));
        assertEquals("128.9.99.100", AddressText.ipv4(0x80096364));
    }

    @Test
    void ipv4AgreesWithTheJdkForRandomAddresses() throws Exception {
        Random random = new Random(5);
        for (int i = 0; i < 10_000; i++) {
            int address = random.nextInt();
            byte[] bytes = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
            assertEquals(InetAddress.getByAddress(bytes).getHostAddress(), AddressText.ipv4(address));
            assertEquals(AddressText.ipv4(address), AddressText.of(bytes));
        }
    }

    @ParameterizedTest
    @CsvSource({
            "::, ::",
            "::1, ::1",
            "1::, 1::",
            "2001:DB8:0:0:0:0:2:1, 2001:db8::2:1",
            // a single zero group is not compressed
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            // the longer run wins
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
            // on a tie the first run wins
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "fe80:0:0:0:200:f8ff:fe21:67cf, fe80::200:f8ff:fe21:67cf",
            "2001:db8:aaaa:bbbb:cccc:dddd:eeee:0001, 2001:db8:aaaa:bbbb:cccc:dddd:eeee:1",
            "0:0:0:0:0:0:0:0001, ::1",
    })
    void ipv6InRfc5952Form(String input, String expected) throws Exception {
        byte[] bytes = InetAddress.getByName(input).getAddress();
        assertEquals(expected, AddressText.ipv6(bytes));
        assertEquals(expected, AddressText.of(bytes));
    }

    @Test
    void ipv4MappedIpv6KeepsSixteenBytes() {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = (byte) 192;
        mapped[15] = 1;
        assertEquals("::ffff:c000:1", AddressText.ipv6(mapped));
    }

    @Test
    void inetAddressesWithoutScope() throws Exception {
        assertEquals("172.17.0.1", AddressText.of(InetAddress.getByName("172.17.0.1")));
        assertEquals("fe80::1", AddressText.of(InetAddress.getByName("fe80::1%1")));
    }

    @Test
    void wrongLengthsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> AddressText.of(new byte[5]));
        assertThrows(IllegalArgumentException.class, () -> AddressText.ipv6(new byte[4]));
    }
}

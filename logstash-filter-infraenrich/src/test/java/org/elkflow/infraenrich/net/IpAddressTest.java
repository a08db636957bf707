package org.elkflow.infraenrich.net;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpAddressTest {

    @Test
    void parsesLiteralsLikeTheJdk() throws Exception {
        for (String s : new String[] {"0.0.0.0", "1.2.3.4", "255.255.255.255", "10.0.0.1", "::", "::1", "1::",
                "2001:db8::1", "fe80::1:2:3:4", "1:2:3:4:5:6:7:8", "::ffff:1.2.3.4", "2001:db8:0:0:1::1",
                "64:ff9b::192.0.2.33", "1:2:3:4:5:6:1.2.3.4", "ABCD:EF01::"}) {
            IpAddress a = IpAddress.parse(s);
            assertTrue(a != null, s);
            byte[] jdk = InetAddress.getByName(s).getAddress(); // the JDK turns ::ffff:a.b.c.d into IPv4
            assertArrayEquals(jdk, jdk.length == 4 ? a.unmapped().bytes() : a.bytes(), s);
        }
        assertEquals(IpAddress.ofV4(0x01020304), IpAddress.parse("::ffff:1.2.3.4").unmapped());
    }

    @Test
    void rejectsEverythingElseWithoutDns() {
        for (String s : new String[] {"", "host.example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4",
                "1.2.3.4 ", ":", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "g::1", "1:2:3:4:5:6:7::8:9",
                "::1.2.3", "1.2.3.4:80", "1:"}) {
            assertNull(IpAddress.parse(s), s);
        }
    }

    @Test
    void formatsLikeRfc5952() {
        String[][] cases = {{"::", "::"}, {"::1", "::1"}, {"1::", "1::"}, {"2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},
                {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"}, {"1:0:0:2:0:0:0:3", "1:0:0:2::3"},
                {"fe80::1:2:3:4", "fe80::1:2:3:4"}, {"10.0.0.255", "10.0.0.255"}, {"::ffff:1.2.3.4", "::ffff:102:304"}};
        for (String[] c : cases) {
            assertEquals(c[1], IpAddress.parse(c[0]).toString(), c[0]);
        }
    }

    @Test
    void knowsNonPublicRanges() {
        for (String s : new String[] {"10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "127.0.0.1",
                "169.254.1.1", "0.0.0.0", "::1", "::", "fe80::1", "fd00::1", "::ffff:10.0.0.1"}) {
            assertTrue(IpAddress.parse(s).isNonPublic(), s);
        }
        for (String s : new String[] {"8.8.8.8", "172.32.0.1", "81.2.69.142", "2001:218::1", "::ffff:8.8.8.8"}) {
            assertFalse(IpAddress.parse(s).isNonPublic(), s);
        }
    }

    @Test
    void cidrsAreNormalised() {
        assertEquals("10.1.0.0/16", Cidr.parse("10.1.2.3/16").toString());
        assertEquals("1.2.3.4/32", Cidr.parse("1.2.3.4").toString());
        assertEquals("0.0.0.0/0", Cidr.parse("9.9.9.9/0").toString());
        assertEquals("2001:db8::/32", Cidr.parse("2001:db8:ffff::/32").toString());
        assertEquals("10.0.0.0/8", Cidr.parse("::ffff:10.1.1.1/104").toString());
        assertEquals(128, Cidr.parse("2001:db8::1").prefixLength());
        assertEquals("2001:db8:0:0:8000::/65", Cidr.parse("2001:db8::c000:0:0:1/65").toString());
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/-1"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("router-1"));
    }
}

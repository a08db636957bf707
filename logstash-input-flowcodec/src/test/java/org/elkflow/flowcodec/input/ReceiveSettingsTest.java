package org.elkflow.flowcodec.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.elkflow.logstash.testkit.Plugins;
import org.elkflow.logstash.testkit.TestConfiguration;
import org.elkflow.logstash.testkit.TestContext;
import org.junit.jupiter.api.Test;

/** Receive-path settings (listen, workers, queue, buffers, allow-list), the allow-list matcher, /proc parsing. */
class ReceiveSettingsTest {

    private static String rejected(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(Map.of("host", "127.0.0.1", "port", 0L));
        config.putAll(extra);
        Throwable e = assertThrows(Throwable.class, () -> Plugins.create(FlowCodec.class, config, new TestContext()));
        while (!(e instanceof IllegalArgumentException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage();
    }

    @Test
    void parsesListenAddressesAndDefaults() {
        FlowCodecSettings s = FlowCodecSettings.from(TestConfiguration.of(Map.of(
                "listen", List.of("127.0.0.1:2055", "[::1]:4739", ":6343"))));
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 2055), new InetSocketAddress("::1", 4739),
                new InetSocketAddress("0.0.0.0", 6343)), s.listenAddresses());
        FlowCodecSettings defaults = FlowCodecSettings.from(TestConfiguration.of(Map.of()));
        assertEquals(List.of(new InetSocketAddress("0.0.0.0", 2055)), defaults.listenAddresses());
        assertEquals(new FlowCodecSettings.Receive(32 * 1024 * 1024, 1, 2, 16_384, 60_000, 5_000, 1000),
                defaults.receive());
        assertTrue(defaults.allowList().allowsAll());
    }

    @Test
    void rejectsBadReceiveSettings() {
        assertTrue(rejected(Map.of("listen", List.of("::1:2055"))).contains("an IPv6 address needs brackets"));
        assertTrue(rejected(Map.of("listen", List.of("127.0.0.1"))).startsWith(
                "flowcodec: invalid setting 'listen' => \"127.0.0.1\": entries must be"));
        assertTrue(rejected(Map.of("listen", List.of("127.0.0.1:99999"))).contains("port must be from 1 to 65535"));
        assertTrue(rejected(Map.of("listen", List.of("127.0.0.1:5", "127.0.0.1:5"))).contains("same address twice"));
        assertEquals("flowcodec: invalid setting 'workers' => 0: must be from 1 to 64 decode threads",
                rejected(Map.of("workers", 0L)));
        assertTrue(rejected(Map.of("workers", 4L, "queue_size", 2L)).contains("must be at least 'workers' (4)"));
        assertTrue(rejected(Map.of("receive_buffer_bytes", -1L)).startsWith(
                "flowcodec: invalid setting 'receive_buffer_bytes' => -1"));
        assertTrue(rejected(Map.of("reuseport_sockets", 65L)).contains("'reuseport_sockets' => 65"));
        assertTrue(rejected(Map.of("stats_interval_seconds", -5L)).contains("'stats_interval_seconds' => -5"));
        assertTrue(rejected(Map.of("drain_timeout_seconds", 4000L)).contains("'drain_timeout_seconds' => 4000"));
        String cidr = rejected(Map.of("allowed_exporters", List.of("10.0.0.0/8", "10.1.0.0/33")));
        assertTrue(cidr.contains("'allowed_exporters'") && cidr.contains("prefix length must be from 0 to 32"), cidr);
        String name = rejected(Map.of("allowed_exporters", List.of("router.example.com")));
        assertTrue(name.contains("is not an IPv4 or IPv6 address or CIDR network"), name);
    }

    @Test
    void allowListMatchesIpv4Ipv6AndMappedAddresses() throws Exception {
        ExporterAllowList list = ExporterAllowList.parse(List.of("10.1.0.0/16", "192.0.2.7", "2001:db8:10::/48",
                "172.16.5.9/12"));
        assertTrue(list.allows(InetAddress.getByName("10.1.255.3")));
        assertFalse(list.allows(InetAddress.getByName("10.2.0.1")));
        assertTrue(list.allows(InetAddress.getByName("192.0.2.7")));
        assertFalse(list.allows(InetAddress.getByName("192.0.2.8")));
        assertTrue(list.allows(InetAddress.getByName("172.31.0.1")), "host bits of the network are ignored");
        assertTrue(list.allows(InetAddress.getByName("2001:db8:10:ffff::1")));
        assertFalse(list.allows(InetAddress.getByName("2001:db8:11::1")));
        assertTrue(list.allows(InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff,
                (byte) 0xff, 10, 1, 2, 3})), "IPv4-mapped IPv6 source");
        assertFalse(list.allows(null));
        assertTrue(ExporterAllowList.parse(List.of("0.0.0.0/0")).allows(InetAddress.getByName("8.8.8.8")));
        assertFalse(ExporterAllowList.parse(List.of("0.0.0.0/0")).allows(InetAddress.getByName("::2")));
    }

    @Test
    void sumsKernelDropsOfOurPorts() {
        List<String> udp = List.of(
                "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops",
                "  123: 0100007F:0807 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 4242 2 0000000000000000 17",
                "  124: 00000000:18EB 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 4243 2 0000000000000000 5",
                "  125: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4244 2 0000000000000000 99");
        assertEquals(22, OsReceiveDrops.sum(udp, Set.of(2055, 6379)));
        assertEquals(0, OsReceiveDrops.sum(udp, Set.of(4739)));
    }
}

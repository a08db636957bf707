package org.elkflow.flowcodec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.elkflow.flowcodec.schema.MappingOptions;
import org.elkflow.flowcodec.testing.RecordingListener;
import org.elkflow.flowcodec.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Concrete values from real v5 captures. The header values quoted in the comments were read from the files
 * once with a throw-away parser; the expected timestamps are worked out from them by hand:
 * export time = unix_secs * 1000 + unix_nsecs / 10^6 ms, stamp time = export time - (sys_uptime - stamp).
 */
class NetflowV5SpotValuesTest {

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Map<String, Object>> decode(byte[] datagram, InetAddress exporter, MappingOptions options) {
        RecordingListener listener = new RecordingListener();
        List<Map<String, Object>> events = new ArrayList<>();
        new FlowDatagramDecoder(listener, options).decode(ByteBuffer.wrap(datagram), exporter, events::add);
        assertEquals(List.of(), listener.drops);
        return events;
    }

    private static List<Map<String, Object>> decode(byte[] datagram, InetAddress exporter) {
        return decode(datagram, exporter, MappingOptions.defaults());
    }

    @SuppressWarnings("unchecked")
    private static Object field(Map<String, Object> event, String dotted) {
        Object current = event;
        for (String part : dotted.split("\\.")) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<String, Object>) current).get(part);
        }
        return current;
    }

    private static void assertFields(Map<String, Object> event, Object... pathsAndValues) {
        for (int i = 0; i < pathsAndValues.length; i += 2) {
            String path = (String) pathsAndValues[i];
            assertEquals(pathsAndValues[i + 1], field(event, path), path);
        }
    }

    /*
     * netflow/netflow5.dat, first datagram (softflowd): count 2, sys_uptime 3381 ms,
     * unix_secs 1430591888, unix_nsecs 280328000, flow_sequence 0, engine 0/0, sampling 0.
     * Export time 1430591888280 ms = 2015-05-02T18:38:08.280Z.
     * Both records: First 0xFFFFFFFF, Last 2577. First is numerically above sys_uptime: softflowd stamped the
     * flow 1 ms before uptime 0, so modulo 2^32 it lies 3381 + 1 = 3382 ms before the export:
     * 1430591884898 = 18:38:04.898Z. Last lies 3381 - 2577 = 804 ms before: 18:38:07.476Z.
     * Duration 2577 - (2^32 - 1) mod 2^32 = 2578 ms.
     */
    @Test
    void softflowdNetflow5DatFirstDatagram() {
        byte[] firstDatagram = NetflowV5CaptureTest.firstDatagram(SharedData.capture("netflow/netflow5.dat"));
        List<Map<String, Object>> events = decode(firstDatagram, address("10.0.2.2"));
        assertEquals(2, events.size());

        Map<String, Object> first = events.get(0);
        assertFields(first,
                "@timestamp", "2015-05-02T18:38:07.476Z",
                "event.start", "2015-05-02T18:38:04.898Z",
                "event.end", "2015-05-02T18:38:07.476Z",
                "event.duration", 2_578_000_000L,
                "source.ip", "10.0.2.2",
                "source.port", 54_435L,
                "destination.ip", "10.0.2.15",
                "destination.port", 22L,
                "network.transport", "tcp",
                "network.iana_number", "6",
                "network.bytes", 230L,
                "network.packets", 5L,
                "observer.ip", "10.0.2.2",
                "observer.ingress.interface.id", "0",
                "observer.egress.interface.id", "0",
                "netflow.ip_next_hop_ipv4_address", "0.0.0.0",
                "netflow.tcp_control_bits", 16L,
                "netflow.ip_class_of_service", 0L,
                "netflow.flow_start_sys_up_time", 4_294_967_295L,
                "netflow.flow_end_sys_up_time", 2_577L,
                "netflow.exporter.version", 5L,
                "netflow.exporter.uptime_millis", 3_381L,
                "netflow.exporter.timestamp", "2015-05-02T18:38:08.280Z",
                "netflow.exporter.flow_sequence", 0L,
                "netflow.exporter.sampling_interval", 0L);
        assertNull(first.get("flow"), "not sampled");

        Map<String, Object> second = events.get(1);
        assertFields(second,
                "source.ip", "10.0.2.15",
                "source.port", 22L,
                "destination.ip", "10.0.2.2",
                "destination.port", 54_435L,
                "network.bytes", 304L,
                "network.packets", 4L,
                "netflow.tcp_control_bits", 24L,
                "event.start", "2015-05-02T18:38:04.898Z",
                "event.end", "2015-05-02T18:38:07.476Z");
    }

    /*
     * netflow/netflow5_test_microtik.dat (MikroTik RouterOS): count 30, sys_uptime 27361640 ms,
     * unix_secs 1469109117, unix_nsecs 514932000, flow_sequence 8140050, engine 0/0, sampling 0.
     * Export time 1469109117514 ms = 2016-07-21T13:51:57.514Z.
     */
    @Test
    void mikrotikDatagram() {
        List<Map<String, Object>> events = decode(SharedData.capture("netflow/netflow5_test_microtik.dat"),
                address("10.0.7.1"));
        assertEquals(30, events.size());

        // Record 0: First = Last = 27346270, 27361640 - 27346270 = 15370 ms before export -> 13:51:42.144Z.
        assertFields(events.get(0),
                "@timestamp", "2016-07-21T13:51:42.144Z",
                "event.start", "2016-07-21T13:51:42.144Z",
                "event.end", "2016-07-21T13:51:42.144Z",
                "event.duration", 0L,
                "source.ip", "10.0.13.1",
                "source.port", 5_228L,
                "destination.ip", "192.168.0.98",
                "destination.port", 52_734L,
                "network.transport", "tcp",
                "network.bytes", 104L,
                "network.packets", 2L,
                "observer.ingress.interface.id", "13",
                "observer.egress.interface.id", "50",
                "netflow.ip_next_hop_ipv4_address", "192.168.0.98",
                "netflow.ingress_interface", 13L,
                "netflow.egress_interface", 50L,
                "netflow.tcp_control_bits", 16L,
                "netflow.ip_class_of_service", 0L,
                "netflow.exporter.timestamp", "2016-07-21T13:51:57.514Z",
                "netflow.exporter.uptime_millis", 27_361_640L,
                "netflow.exporter.flow_sequence", 8_140_050L);

        // Record 5: UDP.
        assertFields(events.get(5),
                "source.ip", "10.0.11.1",
                "source.port", 40_026L,
                "destination.ip", "192.168.0.34",
                "destination.port", 27_391L,
                "network.transport", "udp",
                "network.iana_number", "17",
                "netflow.protocol_identifier", 17L,
                "network.bytes", 180L,
                "network.packets", 2L);

        // Record 9: First 27337340 is 24300 ms before export -> 13:51:33.214Z; Last 27346310 is 15330 ms
        // before -> 13:51:42.184Z; duration 27346310 - 27337340 = 8970 ms.
        assertFields(events.get(9),
                "source.ip", "192.168.0.35",
                "source.port", 12_782L,
                "destination.ip", "10.0.11.1",
                "destination.port", 3_389L,
                "network.bytes", 192L,
                "network.packets", 4L,
                "event.start", "2016-07-21T13:51:33.214Z",
                "event.end", "2016-07-21T13:51:42.184Z",
                "@timestamp", "2016-07-21T13:51:42.184Z",
                "event.duration", 8_970_000_000L,
                "netflow.tcp_control_bits", 2L);

        // Record 29, the last: tos 40 (as the manifest notes); First = Last = 27346380, 15260 ms before export.
        assertFields(events.get(29),
                "source.ip", "10.0.8.1",
                "source.port", 80L,
                "destination.ip", "192.168.0.1",
                "destination.port", 51_826L,
                "network.bytes", 11_442L,
                "network.packets", 13L,
                "netflow.ip_class_of_service", 40L,
                "netflow.tcp_control_bits", 82L,
                "event.end", "2016-07-21T13:51:42.254Z");
    }

    /*
     * pcap/graylog-plugin-netflow/netflow5.pcap, payload 0000.bin from 192.168.1.1 (softflowd): sampling field
     * 0x4064 = mode 1, interval 100. sys_uptime 384069, unix_secs 1500986281, unix_nsecs 2187000 -> export
     * 1500986281002 ms = 2017-07-25T12:38:01.002Z. The one record is an ICMP echo request (dstport 2048 =
     * type 8 * 256 + code 0), First = Last = 33122, 350947 ms before export -> 12:32:10.055Z.
     */
    @Test
    void samplingFromGraylogSoftflowdPcap() {
        byte[] payload = SharedData.capture("pcap/graylog-plugin-netflow/netflow5.pcap.udp/0000.bin");
        InetAddress exporter = address("192.168.1.1");
        Map<String, Object> event = decode(payload, exporter).get(0);
        assertFields(event,
                "flow.sampling_rate", 100L,
                "netflow.exporter.sampling_mode", 1L,
                "netflow.exporter.sampling_interval", 100L,
                "network.bytes", 84L,
                "network.packets", 1L,
                "network.transport", "icmp",
                "network.iana_number", "1",
                "source.ip", "192.168.1.100",
                "destination.ip", "192.168.1.1",
                "destination.port", 2_048L,
                "observer.ip", "192.168.1.1",
                "netflow.exporter.address", "192.168.1.1",
                "netflow.exporter.timestamp", "2017-07-25T12:38:01.002Z",
                "event.start", "2017-07-25T12:32:10.055Z",
                "@timestamp", "2017-07-25T12:32:10.055Z");

        Map<String, Object> upscaled = decode(payload, exporter,
                MappingOptions.defaults().withUpscaleSampling(true)).get(0);
        assertFields(upscaled,
                "flow.sampling_rate", 100L,
                "network.bytes", 8_400L,
                "network.packets", 100L,
                "netflow.octet_delta_count", 84L,
                "netflow.packet_delta_count", 1L);
    }

    /*
     * pcap/akvorado/nfv5.pcap, the single datagram from 10.19.144.41: engine_id 3, flow_sequence 1961402419,
     * sys_uptime 2874339000, unix_secs 1680626679, unix_nsecs 0. Record 0 carries BGP AS numbers and masks.
     */
    @Test
    void asNumbersAndMasksFromAkvoradoPcap() {
        Map<String, Object> event = decode(SharedData.capture("pcap/akvorado/nfv5.pcap.udp/0000.bin"),
                address("10.19.144.41")).get(0);
        assertFields(event,
                "source.ip", "161.202.212.212",
                "source.port", 30_104L,
                "destination.ip", "202.152.70.24",
                "destination.port", 11_963L,
                "netflow.ip_next_hop_ipv4_address", "61.6.255.150",
                "netflow.bgp_source_as_number", 36_351L,
                "netflow.bgp_destination_as_number", 10_101L,
                "netflow.source_ipv4_prefix_length", 19L,
                "netflow.destination_ipv4_prefix_length", 24L,
                "observer.ingress.interface.id", "117",
                "observer.egress.interface.id", "86",
                "netflow.exporter.engine_id", 3L,
                "netflow.exporter.engine_type", 0L,
                "netflow.exporter.flow_sequence", 1_961_402_419L,
                "netflow.exporter.uptime_millis", 2_874_339_000L,
                // First = Last = 2874324000, 15000 ms before the export at 2023-04-04T16:44:39.000Z
                "event.start", "2023-04-04T16:44:24.000Z",
                "netflow.exporter.timestamp", "2023-04-04T16:44:39.000Z");
    }
}

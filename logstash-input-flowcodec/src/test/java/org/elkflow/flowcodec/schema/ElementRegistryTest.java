package org.elkflow.flowcodec.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.elkflow.flowcodec.DecodeCounters;
import org.elkflow.flowcodec.FlowDatagramDecoder;
import org.elkflow.flowcodec.netflow.TemplateLimits;
import org.elkflow.flowcodec.testing.CaptureGroups;
import org.elkflow.flowcodec.testing.CaptureManifest;
import org.junit.jupiter.api.Test;

/** The built-in element registry: a sample of its data files, and vendor elements decoded from the captures. */
class ElementRegistryTest {

    private static final ElementRegistry REGISTRY = ElementRegistry.standard();

    private static void assertElement(InformationElement e, String name, ElementType type, String semantics) {
        assertFalse(e.isUnknown(), e + " unknown");
        assertEquals(name, e.name());
        assertEquals(type, e.type(), name);
        assertEquals(semantics, e.semantics(), name);
    }

    @Test
    void ianaElementsToTheEndOfTheRegistry() {
        assertElement(REGISTRY.ipfix(0, 1), "octetDeltaCount", ElementType.UNSIGNED64, "deltaCounter");
        // semantics of 1-433 as the IANA registry gives them (no longer derived from the name)
        assertElement(REGISTRY.ipfix(0, 8), "sourceIPv4Address", ElementType.IPV4_ADDRESS, "default");
        assertElement(REGISTRY.ipfix(0, 9), "sourceIPv4PrefixLength", ElementType.UNSIGNED8, "default");
        assertElement(REGISTRY.ipfix(0, 173), "flowKeyIndicator", ElementType.UNSIGNED64, "flags");
        assertElement(REGISTRY.ipfix(0, 231), "initiatorOctets", ElementType.UNSIGNED64, "deltaCounter");
        assertElement(REGISTRY.ipfix(0, 305), "samplingPacketInterval", ElementType.UNSIGNED32, "quantity");
        assertElement(REGISTRY.ipfix(0, 434), "mibObjectValueInteger", ElementType.SIGNED32, "quantity");
        assertElement(REGISTRY.ipfix(0, 439), "mibObjectValueCounter", ElementType.UNSIGNED64, "snmpCounter");
        assertElement(REGISTRY.ipfix(0, 457), "httpStatusCode", ElementType.UNSIGNED16, "identifier");
        assertElement(REGISTRY.ipfix(0, 458), "sourceTransportPortsLimit", ElementType.UNSIGNED16, "quantity");
        assertElement(REGISTRY.ipfix(0, 471), "maxSessionEntries", ElementType.UNSIGNED32, "identifier");
        assertElement(REGISTRY.ipfix(0, 482), "vpnIdentifier", ElementType.OCTET_ARRAY, "default");
        assertElement(REGISTRY.ipfix(0, 503), "transportChecksum", ElementType.UNSIGNED16, "default");
        assertElement(REGISTRY.ipfix(0, 507), "gtpuTEid", ElementType.UNSIGNED32, "identifier");
        assertElement(REGISTRY.ipfix(0, 517), "ipv6ExtensionHeadersLimit", ElementType.BOOLEAN, "default");
        // unsigned256 has no decoder type: kept as octets
        assertElement(REGISTRY.ipfix(0, 520), "tcpOptionsFull", ElementType.OCTET_ARRAY, "flags");
        assertElement(REGISTRY.ipfix(0, 529), "udpUnsafeExIDList", ElementType.BASIC_LIST, "list");
        assertElement(REGISTRY.ipfix(0, 533), "pathDelaySumDeltaMicroseconds", ElementType.UNSIGNED64, "deltaCounter");
        assertTrue(REGISTRY.ipfix(0, 534).isUnknown(), "534 is not assigned");
        assertElement(REGISTRY.ipfix(0, 292), "subTemplateList", ElementType.SUB_TEMPLATE_LIST, "list");
        // NetFlow v9 field types below 128 are IANA ids
        assertEquals("sourceIPv4Address", REGISTRY.netflowV9(8).name());
        assertEquals("reverseTransportChecksum", REGISTRY.ipfix(ElementRegistry.REVERSE_PEN, 503).name());
    }

    @Test
    void vendorElements() {
        assertElement(REGISTRY.netflowV9(57590), "L7_PROTO", ElementType.UNSIGNED16, "default");
        assertElement(REGISTRY.ipfix(35632, 118), "L7_PROTO", ElementType.UNSIGNED16, "default");
        assertEquals("l7_proto", REGISTRY.netflowV9(57590).fieldName());
        assertElement(REGISTRY.ipfix(3054, 186), "ixiaSrcAsName", ElementType.STRING, "default");
        assertElement(REGISTRY.ipfix(3054, 126), "ixiaSrcLatitude", ElementType.FLOAT32, "default");
        assertElement(REGISTRY.ipfix(637, 93), "natSubString", ElementType.STRING, "default");
        assertElement(REGISTRY.ipfix(5951, 130), "netscalerHttpRequestUrl", ElementType.STRING, "default");
        assertElement(REGISTRY.ipfix(6876, 880), "vmwareTenantProtocol", ElementType.UNSIGNED8, "identifier");
        assertElement(REGISTRY.ipfix(6876, 954), "vmwareFlowDirection", ElementType.UNSIGNED8, "identifier");
        assertElement(REGISTRY.netflowV9(8256), "streamcoreHostname", ElementType.STRING, "default");
        assertElement(REGISTRY.ipfix(6871, 16398), "reverseInitialTCPFlags", ElementType.UNSIGNED16, "flags");
        assertElement(REGISTRY.ipfix(5951, 171), "netscalerAppUnitNameAppId", ElementType.UNSIGNED32, "default");
        // hand-written vendor rows are still there
        assertEquals("xlateSourceIPv4Address", REGISTRY.netflowV9(40001).name());
        assertEquals("panAppId", REGISTRY.netflowV9(56701).name());
        assertTrue(REGISTRY.ipfix(6876, 891).isUnknown(), "VMware 891 has no public name yet");
    }

    /** Events of one MANIFEST.tsv sequence group, fed in order to one decoder. */
    private static List<Map<String, Object>> decodeGroup(String group) {
        List<CaptureManifest.Row> rows = CaptureGroups.groups(List.of("netflow9", "ipfix")).get(group);
        assertNotNull(rows, group);
        FlowDatagramDecoder decoder = new FlowDatagramDecoder(new DecodeCounters(), MappingOptions.defaults(),
                REGISTRY, TemplateLimits.defaults(), System::currentTimeMillis);
        List<Map<String, Object>> events = new ArrayList<>();
        for (CaptureManifest.Row row : rows) {
            CaptureGroups.feed(decoder, row, events::add);
        }
        assertFalse(events.isEmpty(), group);
        return events;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> netflow(Map<String, Object> event) {
        return (Map<String, Object>) event.get("netflow");
    }

    @SuppressWarnings("unchecked")
    private static void assertNoUnknown(Map<String, Object> netflow, String pen) {
        Map<String, Object> unknown = (Map<String, Object>) netflow.get("unknown");
        assertTrue(unknown == null || !unknown.containsKey(pen), "still unknown: " + unknown);
    }

    @Test
    void ixiaCaptureFieldsAreNamed() {
        Map<String, Object> nf = netflow(decodeGroup("ls:ipfix-from-ixia-something-something").get(0));
        assertEquals("CHINANET-BACKBONE No.31,Jin-rong Street, CN", nf.get("ixia_src_as_name"));
        assertEquals("UNISAINS-AS-AP Universiti Sains Malaysia (USM), MY", nf.get("ixia_dst_as_name"));
        assertEquals(30.5801, ((Number) nf.get("ixia_src_latitude")).doubleValue(), 1e-4);
        assertEquals(114.2734, ((Number) nf.get("ixia_src_longitude")).doubleValue(), 1e-4);
        assertEquals("unknown", nf.get("ixia_l7_app_name"));
        assertEquals("0.0.0.0", nf.get("ixia_threat_ipv4"));
        assertNoUnknown(nf, "3054");
    }

    @Test
    void nokiaCaptureFieldsAreNamed() {
        Map<String, Object> nf = netflow(decodeGroup("ls:ipfix-nokia-bras").get(0));
        assertEquals("USER1@10.10.0.123", nf.get("nat_sub_string"));
        assertEquals(100L, ((Number) nf.get("nat_inside_svcid")).longValue());
        assertEquals(0L, ((Number) nf.get("nat_outside_svcid")).longValue());
        assertNoUnknown(nf, "637");
    }

    @Test
    void nprobeV9FieldIsNamed() {
        Map<String, Object> nf = netflow(decodeGroup("ls:netflow-9-nprobe-dpi-l7").get(0));
        assertEquals(82L, ((Number) nf.get("l7_proto")).longValue());
    }

    @Test
    void netscalerCaptureFieldsAreNamed() {
        List<Map<String, Object>> events = decodeGroup("ls:ipfix-netscaler-with-variable-length-fields");
        Map<String, Object> http = netflow(events.get(2));
        assertEquals("www.kobo.com", http.get("netscaler_http_request_host"));
        assertEquals("GET", http.get("netscaler_http_request_method"));
        assertEquals("/aa/bb/ccccc/ddddddddddddddddddddddddd", http.get("netscaler_http_request_url"));
        assertEquals("11.222.33.255", http.get("netscaler_http_request_x_forwarded_for"));
        assertEquals(83L, ((Number) netflow(events.get(1)).get("netscaler_round_trip_time")).longValue());
        assertEquals(239927296L, ((Number) http.get("netscaler_app_unit_name_app_id")).longValue());
    }

    @Test
    void streamcoreCaptureFieldsAreNamed() {
        List<Map<String, Object>> events = decodeGroup("ls:netflow-9-streamcore");
        Map<String, Object> nf = netflow(events.get(2));
        assertEquals("live.lemde.fr", nf.get("streamcore_hostname"));
        assertEquals("/mux.json", nf.get("streamcore_url"));
        assertEquals(1171L, ((Number) nf.get("streamcore_id_rule1")).longValue());
        assertEquals(1435L, ((Number) nf.get("streamcore_id_rule4")).longValue());
        assertEquals(19L, ((Number) nf.get("streamcore_total_app_resp_time")).longValue());
        for (Map<String, Object> event : events) {
            assertNoUnknown(netflow(event), "0");
        }
    }

    @Test
    void yafReverseCertElementsAreNamed() {
        Map<String, Object> nf = netflow(decodeGroup("ls:ipfix-yaf-basic-with-applabel").get(1));
        assertEquals(18L, ((Number) nf.get("reverse_initial_tcp_flags")).longValue()); // SYN|ACK
        assertEquals(17L, ((Number) nf.get("reverse_union_tcp_flags")).longValue()); // ACK|FIN
        assertNoUnknown(nf, "6871");
    }
}

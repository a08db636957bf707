package org.elkflow.infraenrich.filter;

import co.elastic.logstash.api.Event;
import org.apache.logging.log4j.Level;
import org.elkflow.infraenrich.SharedData;
import org.elkflow.logstash.testkit.Plugins;
import org.elkflow.logstash.testkit.TestContext;
import org.elkflow.logstash.testkit.TestEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfraEnrichTest {

    @TempDir
    Path dir;

    private final TestContext context = new TestContext();
    private final List<InfraEnrich> created = new ArrayList<>();

    @AfterEach
    void closeFilters() {
        created.forEach(InfraEnrich::close);
    }

    private Path inventory() throws Exception {
        Path p = dir.resolve("hosts.csv");
        Files.writeString(p, String.join("\n",
                "cidr,host,role,project,owner,site,cluster,device_type,rack",
                "10.0.0.0/8,,,,netops,,,,",
                "10.1.0.0/16,,,storm,storage,ams1,ams1-c1,,",
                "10.1.2.3,storm-fe-1,frontend,storm,storage,ams1,ams1-c1,server,r12",
                "10.9.9.9,core-rtr-1,router,network,netops,ams1,ams1-core,router,",
                "2001:db8:1::/48,,,web,webteam,fra2,fra2-c3,,",
                ""));
        return p;
    }

    private InfraEnrich create(Map<String, Object> settings) {
        InfraEnrich f = Plugins.create(InfraEnrich.class, settings, context);
        created.add(f);
        return f;
    }

    private Map<String, Object> fullSettings() throws Exception {
        Map<String, Object> s = new HashMap<>();
        s.put("inventory", List.of(inventory().toString()));
        s.put("geoip_database", SharedData.geoip("GeoLite2-City-Test.mmdb").toString());
        s.put("asn_database", SharedData.geoip("GeoLite2-ASN-Test.mmdb").toString());
        return s;
    }

    private static TestEvent flow(String src, String dst, String observer) {
        Map<String, Object> m = new HashMap<>();
        m.put("source", new HashMap<>(Map.of("ip", src, "port", 34855L)));
        m.put("destination", new HashMap<>(Map.of("ip", dst, "port", 80L)));
        if (observer != null) {
            m.put("observer", new HashMap<>(Map.of("ip", observer)));
        }
        m.put("network", new HashMap<>(Map.of("iana_number", "6", "transport", "tcp")));
        return new TestEvent(m);
    }

    private static List<Event> run(InfraEnrich f, Event... events) {
        List<Event> matched = new ArrayList<>();
        List<Event> in = new ArrayList<>(List.of(events));
        f.filter(in, matched::add);
        return matched;
    }

    @Test
    void registryNameMatchesTheGem() {
        Plugins.checkRegistryName(InfraEnrich.class, "infraenrich");
    }

    @Test
    void enrichesAFlowEvent() throws Exception {
        InfraEnrich f = create(fullSettings());
        TestEvent e = flow("10.1.2.3", "89.160.20.112", "10.9.9.9");
        List<Event> matched = run(f, e);
        assertEquals(List.of(e), matched);
        assertEquals("storm-fe-1", e.getField("[source][infra][host]"));
        assertEquals("frontend", e.getField("[source][infra][role]"));
        assertEquals("storm", e.getField("[source][infra][project]"));
        assertEquals("storage", e.getField("[source][infra][owner]"));
        assertEquals("ams1", e.getField("[source][infra][site]"));
        assertEquals("ams1-c1", e.getField("[source][infra][cluster]"));
        assertEquals("server", e.getField("[source][infra][device_type]"));
        assertEquals("r12", e.getField("[source][infra][rack]"));
        assertNull(e.getField("[source][geo]"), "private address: no GeoIP lookup");
        assertEquals("Linköping", e.getField("[destination][geo][city_name]"));
        assertEquals("SE", e.getField("[destination][geo][country_iso_code]"));
        assertEquals("Sweden", e.getField("[destination][geo][country_name]"));
        assertEquals("EU", e.getField("[destination][geo][continent_code]"));
        assertEquals("Östergötland County", e.getField("[destination][geo][region_name]"));
        assertEquals(58.4167, e.getField("[destination][geo][location][lat]"));
        assertEquals(15.6167, e.getField("[destination][geo][location][lon]"));
        assertEquals(29518L, e.getField("[destination][as][number]"));
        assertEquals("Bredband2 AB", e.getField("[destination][as][organization][name]"));
        assertNull(e.getField("[destination][infra]"));
        assertEquals("router", e.getField("[observer][infra][device_type]"));
        assertEquals("core-rtr-1", e.getField("[observer][infra][host]"));
        assertNull(e.getField("tags"));
        assertEquals(new org.elkflow.infraenrich.community.CommunityId(0).compute(
                new byte[] {10, 1, 2, 3}, new byte[] {89, (byte) 160, 20, 112}, 6, 34855, 80),
                e.getField("[network][community_id]"));
    }

    @Test
    void mergesIntoObjectsTheEventAlreadyHas() throws Exception {
        InfraEnrich f = create(fullSettings());
        TestEvent e = flow("10.1.2.3", "81.2.69.142", null);
        e.setField("[destination][geo][name]", "from-an-earlier-filter");
        e.setField("[source][infra][host]", "stale-name");
        run(f, e);
        assertEquals("from-an-earlier-filter", e.getField("[destination][geo][name]"));
        assertEquals("London", e.getField("[destination][geo][city_name]"));
        assertEquals(51.5142, e.getField("[destination][geo][location][lat]"));
        assertEquals("storm-fe-1", e.getField("[source][infra][host]"), "the inventory value replaces the old one");
        assertEquals("frontend", e.getField("[source][infra][role]"));
    }

    @Test
    void communityIdMatchesTheSpecAndIsNotOverwritten() throws Exception {
        InfraEnrich f = create(Map.of("community_id", true));
        TestEvent e = flow("128.232.110.120", "66.35.250.204", null);
        run(f, e);
        assertEquals("1:LQU9qZlK+B5F3KDmev6m5PMibrg=", e.getField("[network][community_id]"));
        TestEvent existing = flow("128.232.110.120", "66.35.250.204", null);
        existing.setField("[network][community_id]", "1:given");
        run(f, existing);
        assertEquals("1:given", existing.getField("[network][community_id]"));
        TestEvent icmp = new TestEvent(Map.of("source", Map.of("ip", "1.2.3.4"), "destination",
                Map.of("ip", "5.6.7.8", "port", 2048L), "network", Map.of("transport", "icmp")));
        run(f, icmp);
        assertEquals("1:crodRHL2FEsHjbv3UkRrfbs4bZ0=", icmp.getField("[network][community_id]"),
                "NetFlow ICMP: destination.port = type * 256 + code (8/0 = echo request)");
        TestEvent noPorts = new TestEvent(Map.of("source", Map.of("ip", "1.2.3.4"), "destination",
                Map.of("ip", "5.6.7.8"), "network", Map.of("iana_number", "6")));
        run(f, noPorts);
        assertNull(noPorts.getField("[network][community_id]"), "TCP without ports: no 5-tuple");
        assertEquals(2, context.metrics(f).counterValue("community_ids"));
    }

    @Test
    void invalidIpIsTaggedAndTheRestStillEnriched() throws Exception {
        Map<String, Object> s = fullSettings();
        s.put("tag_on_failure", List.of("_infra_bad", "_bad_ip"));
        InfraEnrich f = create(s);
        TestEvent e = flow("not-an-ip", "10.1.99.1", null);
        List<Event> matched = run(f, e);
        assertTrue(matched.isEmpty());
        assertEquals(List.of("_infra_bad", "_bad_ip"), e.getField("tags"));
        assertEquals("ams1", e.getField("[destination][infra][site]"));
        assertNull(e.getField("[destination][infra][host]"));
        TestEvent number = new TestEvent(Map.of("source", Map.of("ip", 42L)));
        run(f, number);
        assertEquals(List.of("_infra_bad", "_bad_ip"), number.getField("tags"));
        assertEquals(2, context.metrics(f).counterValue("invalid_ips"));
        assertTrue(context.messages(Level.WARN).stream().anyMatch(m -> m.contains("[source][ip] is not an IP address")),
                context.messages(Level.WARN).toString());
    }

    @Test
    void databaseErrorsTagTheEventAndNeverThrow() throws Exception {
        InfraEnrich f = create(fullSettings());
        f.close(); // readers closed: every GeoIP read now fails inside the library
        TestEvent e = flow("10.1.2.3", "89.160.20.112", null);
        List<Event> matched = run(f, e);
        assertTrue(matched.isEmpty());
        assertEquals(List.of("_infraenrich_failure"), e.getField("tags"));
        assertEquals("storm-fe-1", e.getField("[source][infra][host]"), "private source: no GeoIP read needed");
        assertEquals(1, context.metrics(f).counterValue("lookup_failures"));
        assertEquals(0, context.metrics(f).counterValue("invalid_ips"));
    }

    @Test
    void extraFieldsAndTargets() throws Exception {
        Map<String, Object> s = fullSettings();
        s.put("ip_fields", List.of("[source][ip]"));
        s.put("additional_ip_fields", List.of("[client][ip]", "[host_ip]"));
        s.put("targets", Map.of("[host_ip]", "[host]"));
        s.put("community_id", false);
        InfraEnrich f = create(s);
        TestEvent e = new TestEvent(Map.of("client", Map.of("ip", "2001:db8:1::7"), "host_ip", "81.2.69.142",
                "destination", Map.of("ip", "10.1.2.3")));
        run(f, e);
        assertEquals("fra2-c3", e.getField("[client][infra][cluster]"));
        assertEquals("London", e.getField("[host][geo][city_name]"));
        assertNull(e.getField("[destination][infra]"), "destination is not configured");

        Map<String, Object> missingTarget = new HashMap<>(s);
        missingTarget.remove("targets");
        IllegalStateException err = assertThrows(IllegalStateException.class, () -> create(missingTarget));
        assertTrue(err.getCause().getMessage().contains("'additional_ip_fields' => \"[host_ip]\""),
                err.getCause().getMessage());
    }

    @Test
    void badSettingsNameTheSettingAndValue() throws Exception {
        Map<String, Object> s = fullSettings();
        s.put("cache_size", -5L);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> create(s));
        assertEquals("infraenrich: invalid setting 'cache_size' => -5: must be a whole number from 0 to 100000000",
                e.getCause().getMessage());

        Map<String, Object> wrongDb = fullSettings();
        wrongDb.put("geoip_database", SharedData.geoip("GeoLite2-ASN-Test.mmdb").toString());
        e = assertThrows(IllegalStateException.class, () -> create(wrongDb));
        assertTrue(e.getCause().getMessage().startsWith("infraenrich: invalid setting 'geoip_database' => "),
                e.getCause().getMessage());
        assertTrue(e.getCause().getMessage().contains("GeoLite2-ASN"), e.getCause().getMessage());

        Map<String, Object> missing = Map.of("inventory", List.of(dir.resolve("missing.csv").toString()));
        e = assertThrows(IllegalStateException.class, () -> create(missing));
        assertTrue(e.getCause().getMessage().contains("missing.csv"), e.getCause().getMessage());

        Map<String, Object> unknown = new HashMap<>(fullSettings());
        unknown.put("geoip_databse", "x");
        assertThrows(IllegalArgumentException.class, () -> create(unknown));
    }

    @Test
    void cacheMetricsCountHitsAndMisses() throws Exception {
        InfraEnrich f = create(fullSettings());
        for (int i = 0; i < 10; i++) {
            run(f, flow("10.1.2.3", "89.160.20.112", "10.9.9.9"));
        }
        var m = context.metrics(f);
        assertEquals(3, m.counterValue("cache", "misses"));
        assertEquals(27, m.counterValue("cache", "hits"));
        assertTrue(m.counterValue("cache", "load_time_in_nanos") > 0);
        assertEquals(1, m.counterValue("inventory", "reloads"));
    }

    @Test
    void cacheEvictionsAreCounted() throws Exception {
        Map<String, Object> s = fullSettings();
        s.put("cache_size", 10L);
        InfraEnrich f = create(s);
        for (int i = 0; i < 200; i++) {
            run(f, new TestEvent(Map.of("source", Map.of("ip", "10.7." + (i / 250) + "." + (i % 250)))));
        }
        assertTrue(context.metrics(f).counterValue("cache", "evictions") >= 150,
                "evictions " + context.metrics(f).counterValue("cache", "evictions"));
    }

    @Test
    void badRowsAreLoggedWithFileAndLine() throws Exception {
        Path p = dir.resolve("inv.jsonl");
        Files.writeString(p, "{\"cidr\":\"10.0.0.0/8\",\"site\":\"x\"}\n{\"cidr\":\"10.0.0.0/99\"}\n");
        InfraEnrich f = create(Map.of("inventory", List.of(p.toString())));
        assertEquals(1, context.metrics(f).counterValue("inventory", "bad_rows"));
        String warn = context.messages(Level.WARN).stream().filter(m -> m.contains("line 2")).findFirst().orElse("");
        assertTrue(warn.contains(p.toString()) && warn.contains("prefix length 99"), context.messages(Level.WARN).toString());
        assertFalse(f.inventorySnapshot().size() == 0);
    }
}

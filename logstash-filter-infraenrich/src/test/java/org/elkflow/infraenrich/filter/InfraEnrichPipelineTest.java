package org.elkflow.infraenrich.filter;

import co.elastic.logstash.api.Event;
import org.elkflow.infraenrich.SharedData;
import org.elkflow.infraenrich.inventory.GeneratedInventory;
import org.elkflow.infraenrich.net.IpAddress;
import org.elkflow.logstash.testkit.PipelineDriver;
import org.elkflow.logstash.testkit.Plugins;
import org.elkflow.logstash.testkit.TestContext;
import org.elkflow.logstash.testkit.TestEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The filter as Logstash runs it: one instance, several workers, inventory files changing underneath. */
class InfraEnrichPipelineTest {

    @TempDir
    Path dir;

    private static final String[] GEO_IPS = {"81.2.69.142", "89.160.20.112", "216.160.83.56", "2001:218::1",
            "1.128.0.1", "8.8.8.8", "175.16.199.0", "2a02:cf40::1"};

    private void writeAtomically(Path target, String text) throws Exception {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<String, Object> flowEvent(int seq, String src, String dst, String obs) {
        Map<String, Object> m = new HashMap<>();
        m.put("@timestamp", "2026-11-21T06:00:00.000Z");
        m.put("seq", (long) seq);
        m.put("source", new HashMap<>(Map.of("ip", src, "port", (long) (1024 + seq % 60000))));
        m.put("destination", new HashMap<>(Map.of("ip", dst, "port", 443L)));
        m.put("observer", new HashMap<>(Map.of("ip", obs)));
        m.put("network", new HashMap<>(Map.of("iana_number", "17")));
        return m;
    }

    @Test
    void sharedInstanceUnderConcurrentWorkersGivesTheSequentialResults() throws Exception {
        List<GeneratedInventory.Entry> entries = GeneratedInventory.generate(100_000, 11);
        Path inv = dir.resolve("generated.csv");
        Files.writeString(inv, GeneratedInventory.csv(entries));
        Map<String, Object> settings = Map.of("inventory", List.of(inv.toString()),
                "geoip_database", SharedData.geoip("GeoLite2-City-Test.mmdb").toString(),
                "asn_database", SharedData.geoip("GeoLite2-ASN-Test.mmdb").toString(),
                "cache_size", 500L);
        IpAddress[] queries = GeneratedInventory.queries(3_000, 5);
        Random r = new Random(3);
        int n = 20_000;
        List<Map<String, Object>> maps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String src = queries[r.nextInt(queries.length)].toString();
            String dst = i % 3 == 0 ? GEO_IPS[r.nextInt(GEO_IPS.length)] : queries[r.nextInt(queries.length)].toString();
            String obs = i % 500 == 0 ? "garbage" : queries[r.nextInt(50)].toString();
            maps.add(flowEvent(i, src, dst, obs));
        }

        // sequential reference: its own instance, one event at a time
        TestContext seqContext = new TestContext();
        InfraEnrich sequential = Plugins.create(InfraEnrich.class, settings, seqContext);
        Map<Long, Map<String, Object>> expected = new HashMap<>();
        for (Map<String, Object> m : maps) {
            TestEvent e = new TestEvent(m);
            sequential.filter(new ArrayList<>(List.of(e)), x -> { });
            expected.put((Long) e.getField("seq"), e.toMap());
        }
        sequential.close();

        TestContext context = new TestContext();
        InfraEnrich shared = Plugins.create(InfraEnrich.class, settings, context);
        try (PipelineDriver driver = PipelineDriver.builder()
                .input(new GeneratedInput("gen", n, maps::get))
                .filter(shared)
                .workers(4).batchSize(64)
                .build().start()) {
            List<Event> out = driver.awaitEvents(n, Duration.ofSeconds(120));
            assertEquals(n, out.size());
            int enrichedSources = 0;
            for (Event e : out) {
                Map<String, Object> want = expected.get((Long) e.getField("seq"));
                assertEquals(want, e.toMap(), "event " + e.getField("seq"));
                enrichedSources += e.getField("[source][infra][host]") != null ? 1 : 0;
            }
            assertTrue(enrichedSources > n / 2, "most sources should be in the inventory: " + enrichedSources);
            driver.stop();
        }
        assertTrue(context.metrics(shared).counterValue("cache", "hits") > 0);
        assertEquals(40, context.metrics(shared).counterValue("invalid_ips"));
    }

    private static String inventoryVersion(String version) {
        return "cidr,site,cluster,generation\n"
                + "10.1.0.0/16,ams1,ams1-c1," + version + "\n"
                + "10.2.0.0/16,fra2,fra2-c1," + version + "\n"
                + "2001:db8:3::/48,sjc1,sjc1-c1," + version + "\n";
    }

    /** Inventory swapped 40 times while 4 workers enrich: every event sees one whole inventory version. */
    @Test
    void reloadUnderLoadIsAtomicPerEvent() throws Exception {
        Path inv = dir.resolve("inv.csv");
        writeAtomically(inv, inventoryVersion("v0"));
        TestContext context = new TestContext();
        InfraEnrich filter = Plugins.create(InfraEnrich.class, Map.of("inventory", List.of(inv.toString()),
                "reload_interval", 0L, "cache_size", 1000L), context);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<String> mixed = new ArrayList<>();
        try (PipelineDriver driver = PipelineDriver.builder()
                .input(new GeneratedInput("gen", -1, i -> flowEvent(i, "10.1.0." + (i % 200), "10.2.0." + (i % 150),
                        "2001:db8:3::" + Integer.toHexString(i % 100))))
                .filter(filter)
                .workers(4).batchSize(32)
                .collector(e -> {
                    Object a = e.getField("[source][infra][generation]");
                    Object b = e.getField("[destination][infra][generation]");
                    Object c = e.getField("[observer][infra][generation]");
                    seen.add(String.valueOf(a));
                    if (a == null || !a.equals(b) || !a.equals(c)) {
                        synchronized (mixed) {
                            mixed.add(a + "/" + b + "/" + c);
                        }
                    }
                })
                .build().start()) {
            for (int v = 1; v <= 40; v++) {
                writeAtomically(inv, inventoryVersion("v" + v));
                assertTrue(filter.refreshNow(), "version " + v + " should be swapped in");
                Thread.sleep(10);
            }
            int before = driver.events().size();
            driver.awaitEvents(before + 1000, Duration.ofSeconds(30));
            driver.stop();
        }
        assertTrue(mixed.isEmpty(), "events mixing inventory versions: " + mixed.subList(0, Math.min(10, mixed.size())));
        assertTrue(seen.contains("v40") && seen.size() > 5, "versions seen: " + seen);
        assertEquals(41, context.metrics(filter).counterValue("inventory", "reloads"));
    }

    @Test
    void pollerPicksUpChangesAndABrokenFileKeepsTheOldTable() throws Exception {
        Path inv = dir.resolve("inv.csv");
        writeAtomically(inv, inventoryVersion("v1"));
        TestContext context = new TestContext();
        InfraEnrich filter = Plugins.create(InfraEnrich.class, Map.of("inventory", List.of(inv.toString()),
                "reload_interval", 1L), context);
        try {
            assertEquals("v1", generationOf(filter, "10.1.2.3"));
            writeAtomically(inv, inventoryVersion("v2"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!"v2".equals(generationOf(filter, "10.1.2.3")) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals("v2", generationOf(filter, "10.1.2.3"), "the poller did not reload within 10 s");

            writeAtomically(inv, "this is not, an inventory\n\"unterminated\n");
            deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (context.metrics(filter).counterValue("inventory", "reload_failures") == 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(1, context.metrics(filter).counterValue("inventory", "reload_failures"));
            assertEquals("v2", generationOf(filter, "10.1.2.3"), "broken file: old table stays");
            assertTrue(context.messages(org.apache.logging.log4j.Level.ERROR).stream()
                    .anyMatch(m -> m.contains("inv.csv") && m.contains("keeping the previously loaded table")),
                    context.messages(org.apache.logging.log4j.Level.WARN).toString());
            assertFalse(filter.refreshNow(), "nothing changed since the failure");
        } finally {
            filter.close();
        }
    }

    private static String generationOf(InfraEnrich filter, String ip) {
        TestEvent e = new TestEvent(Map.of("source", Map.of("ip", ip)));
        filter.filter(new ArrayList<>(List.of(e)), x -> { });
        return (String) e.getField("[source][infra][generation]");
    }

    @SuppressWarnings("unused")
    private static Set<String> keys(Map<String, Object> m) {
        return new HashSet<>(m.keySet());
    }
}

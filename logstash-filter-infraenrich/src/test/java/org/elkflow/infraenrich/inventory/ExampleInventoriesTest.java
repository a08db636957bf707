package org.elkflow.infraenrich.inventory;

import org.elkflow.infraenrich.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example inventories in examples/ (used by the README) load cleanly and behave as documented. */
class ExampleInventoriesTest {

    @Test
    void examplesLoadWithoutBadRowsAndFollowThePrecedenceRules() throws Exception {
        RecordingListener listener = new RecordingListener();
        Path dir = Path.of("examples");
        Inventory inv = new Inventory(List.of(new FileInventorySource(dir.resolve("servers.csv")),
                new FileInventorySource(dir.resolve("network.yaml")),
                new FileInventorySource(dir.resolve("overrides.jsonl"))), listener);
        InventorySnapshot s = inv.load();
        assertTrue(listener.badRows.isEmpty() && listener.failures.isEmpty(), listener.badRows + " " + listener.failures);
        assertEquals(7, s.size());
        assertEquals("storm-fe-1", s.lookup(IpAddress.parse("10.1.2.3")).get("host"));
        assertEquals("ams1-c2", s.lookup(IpAddress.parse("10.1.77.1")).get("cluster"), "later file wins the /16");
        assertEquals("router", s.lookup(IpAddress.parse("10.9.9.9")).get("device_type"));
        assertEquals("netops", s.lookup(IpAddress.parse("10.200.0.1")).get("owner"));
        assertEquals("fra2-c3", s.lookup(IpAddress.parse("2001:db8:1::5")).get("cluster"));
    }
}

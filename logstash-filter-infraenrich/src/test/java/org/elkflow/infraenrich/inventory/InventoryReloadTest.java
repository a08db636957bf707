package org.elkflow.infraenrich.inventory;

import org.elkflow.infraenrich.net.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InventoryReloadTest {

    @TempDir
    Path dir;

    private final RecordingListener listener = new RecordingListener();

    /** Writes via a temporary file and an atomic rename, as deployment tools should. */
    private Path write(String name, String text) throws Exception {
        Path target = dir.resolve(name);
        Path tmp = dir.resolve(name + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private static String site(InventorySnapshot s, String ip) {
        InfraRecord r = s.lookup(IpAddress.parse(ip));
        return r == null ? null : r.get("site");
    }

    @Test
    void longestPrefixAcrossFilesAndLaterFileWinsOnEqualPrefixes() throws Exception {
        Path a = write("a.csv", "cidr,site\n10.0.0.0/8,a8\n10.1.0.0/16,a16\n");
        Path b = write("b.jsonl", "{\"cidr\":\"10.0.0.0/8\",\"site\":\"b8\"}\n");
        Path c = write("c.yaml", "- {cidr: 10.1.2.0/24, site: c24}\n");
        Inventory inv = new Inventory(List.of(new FileInventorySource(a), new FileInventorySource(b),
                new FileInventorySource(c)), listener);
        InventorySnapshot s = inv.load();
        assertEquals("b8", site(s, "10.200.0.1"));   // equal /8: later file b wins
        assertEquals("a16", site(s, "10.1.9.1"));    // longer prefix in an earlier file still wins
        assertEquals("c24", site(s, "10.1.2.1"));
        assertEquals("b.jsonl", s.match(IpAddress.parse("10.200.0.1")).source().replaceAll(".*/", ""));
    }

    @Test
    void changedFileIsSwappedInAndUnchangedFileIsNotReparsed() throws Exception {
        Path a = write("a.csv", "cidr,site\n10.0.0.0/8,old\n");
        Inventory inv = new Inventory(List.of(new FileInventorySource(a)), listener);
        InventorySnapshot first = inv.load();
        assertSame(first, inv.refresh(), "nothing changed: same snapshot");
        // same bytes, new mtime: still the same snapshot
        Files.setLastModifiedTime(a, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertSame(first, inv.refresh());
        write("a.csv", "cidr,site\n10.0.0.0/8,new\n");
        InventorySnapshot second = inv.refresh();
        assertEquals("new", site(second, "10.1.1.1"));
        assertEquals("old", site(first, "10.1.1.1"), "the old snapshot is untouched");
        assertEquals(first.version() + 1, second.version());
    }

    @Test
    void brokenFileKeepsItsPreviousTableAndBadRowsAreReported() throws Exception {
        Path a = write("a.csv", "cidr,site\n10.0.0.0/8,a\n");
        Path b = write("b.csv", "cidr,site\n192.0.2.0/24,b\n");
        Inventory inv = new Inventory(List.of(new FileInventorySource(a), new FileInventorySource(b)), listener);
        InventorySnapshot first = inv.load();

        write("b.csv", "site,host\nno,address column\n");
        InventorySnapshot afterBroken = inv.refresh();
        assertSame(first, afterBroken);
        assertEquals("b", site(afterBroken, "192.0.2.1"));
        assertEquals(1, listener.failures.size());
        assertTrue(listener.failures.get(0).startsWith("b.csv: line 1: the header [site, host] has no address column"),
                listener.failures.toString());
        assertTrue(listener.failures.get(0).endsWith("(keeping the previously loaded table)"));

        // a changes while b is still broken: a's new rows load, b's last good table stays
        write("a.csv", "cidr,site\n10.0.0.0/8,a2\nnot-an-ip,x\n");
        InventorySnapshot mixed = inv.refresh();
        assertEquals("a2", site(mixed, "10.1.1.1"));
        assertEquals("b", site(mixed, "192.0.2.1"));
        assertEquals(List.of("a.csv:3: not an IP address or CIDR: 'not-an-ip'"), listener.badRows);

        Files.delete(b);
        assertSame(mixed, inv.refresh());
        assertTrue(listener.failures.get(1).startsWith("b.csv: cannot read"), listener.failures.toString());
    }

    @Test
    void firstLoadFailsOnAnUnusableSource() throws Exception {
        Path a = write("a.yaml", "- cidr: [\n");
        Inventory inv = new Inventory(List.of(new FileInventorySource(a)), listener);
        InventoryFormatException e = assertThrows(InventoryFormatException.class, inv::load);
        assertTrue(e.getMessage().startsWith(a.toString() + ": line "), e.getMessage());
        Inventory missing = new Inventory(List.of(new FileInventorySource(dir.resolve("nope.csv"))), listener);
        e = assertThrows(InventoryFormatException.class, missing::load);
        assertTrue(e.getMessage().contains("nope.csv"), e.getMessage());
    }
}

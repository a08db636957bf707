package org.elkflow.infraenrich.enrich;

import org.elkflow.infraenrich.inventory.FileInventorySource;
import org.elkflow.infraenrich.inventory.Inventory;
import org.elkflow.infraenrich.inventory.InventoryListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnricherTest {

    @TempDir
    Path dir;

    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final CacheMetrics metrics = new CacheMetrics() {
        @Override
        public void hit() {
            hits.incrementAndGet();
        }

        @Override
        public void miss(long loadNanos) {
            misses.incrementAndGet();
        }

        @Override
        public void eviction() { }
    };

    private void write(Path p, String text) throws Exception {
        Path tmp = dir.resolve("tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void answersOfAnOldStateAreNeverServedToANewOne() throws Exception {
        Path csv = dir.resolve("inv.csv");
        write(csv, "cidr,site\n10.0.0.0/8,one\n");
        Inventory inv = new Inventory(List.of(new FileInventorySource(csv)), InventoryListener.NONE);
        inv.load();
        try (Enricher e = new Enricher(inv, null, null, 100, Duration.ofHours(1), metrics)) {
            Enricher.State old = e.state();
            assertEquals("one", e.enrich(old, "10.1.1.1").get("infra.site"));
            assertSame(e.enrich(old, "10.1.1.1"), e.enrich(old, "10.1.1.1"));
            assertEquals(1, misses.get());
            assertEquals(2, hits.get());

            write(csv, "cidr,site\n10.0.0.0/8,two\n");
            assertTrue(e.refresh());
            Enricher.State now = e.state();
            assertNotEquals(old.generation(), now.generation());
            assertEquals("two", e.enrich(now, "10.1.1.1").get("infra.site"));
            // an event that started before the swap keeps seeing the old inventory, and does not pollute the cache
            assertEquals("one", e.enrich(old, "10.1.1.1").get("infra.site"));
            assertEquals("two", e.enrich(now, "10.1.1.1").get("infra.site"));
            assertEquals(1, e.cachedEntries());
        }
    }
}

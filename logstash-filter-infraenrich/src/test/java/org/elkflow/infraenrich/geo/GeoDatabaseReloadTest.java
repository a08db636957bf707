package org.elkflow.infraenrich.geo;

import org.elkflow.infraenrich.SharedData;
import org.elkflow.infraenrich.enrich.CacheMetrics;
import org.elkflow.infraenrich.enrich.Enricher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeoDatabaseReloadTest {

    @TempDir
    Path dir;

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final GeoListener listener = new GeoListener() {
        @Override
        public void reopened(String path, String databaseType, String buildDate) {
            events.add("reopened " + databaseType);
        }

        @Override
        public void reopenFailed(String path, String message) {
            events.add("failed " + message);
        }
    };

    private void replace(Path target, Path source) throws Exception {
        Path tmp = dir.resolve("incoming.tmp");
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void reopensOnChangeKeepsTheOldReaderOnBadFilesAndInvalidatesTheCache() throws Exception {
        Path db = dir.resolve("City.mmdb");
        replace(db, SharedData.geoip("GeoLite2-City-Test.mmdb"));
        GeoDatabase city = GeoDatabase.open(db, listener);
        try (Enricher enricher = new Enricher(null, city, null, 100, Duration.ofHours(1), CacheMetrics.NONE)) {
            assertNull(enricher.enrich("214.78.120.1").get("geo.city_name"), "only in GeoIP2-City");
            assertFalse(enricher.refresh());

            replace(db, SharedData.geoip("GeoIP2-City-Test.mmdb"));
            assertTrue(enricher.refresh());
            assertEquals("San Diego", enricher.enrich("214.78.120.1").get("geo.city_name"),
                    "new database in service, cached 'unknown' answer dropped");
            assertEquals(List.of("reopened GeoIP2-City"), events);

            Files.writeString(dir.resolve("garbage"), "not a maxmind database");
            replace(db, dir.resolve("garbage"));
            assertFalse(enricher.refresh());
            assertEquals("San Diego", enricher.enrich("214.78.120.1").get("geo.city_name"));
            assertTrue(events.get(1).startsWith("failed not a readable MaxMind database"), events.toString());
            assertFalse(enricher.refresh(), "the same broken file is not retried");
            assertEquals(2, events.size());

            replace(db, SharedData.geoip("GeoLite2-ASN-Test.mmdb"));
            assertFalse(enricher.refresh());
            assertTrue(events.get(2).contains("database type changed"), events.toString());

            replace(db, SharedData.geoip("GeoLite2-City-Test.mmdb"));
            assertTrue(enricher.refresh());
            assertNull(enricher.enrich("214.78.120.1").get("geo.city_name"));
        }
    }

    @Test
    void openFailsClearly() {
        Exception e = assertThrows(java.io.IOException.class, () -> GeoDatabase.open(dir.resolve("none.mmdb"), listener));
        assertTrue(e.getMessage().contains("none.mmdb"), e.getMessage());
    }
}

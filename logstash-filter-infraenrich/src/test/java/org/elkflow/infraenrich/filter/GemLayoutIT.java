package org.elkflow.infraenrich.filter;

import org.elkflow.logstash.testkit.gem.LogstashRegistryCheck;
import org.elkflow.logstash.testkit.gem.PluginGem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Opens the gem that {@code mvn package} left in dist/ and checks it the way Logstash will. */
class GemLayoutIT {

    private static PluginGem gem;

    @BeforeAll
    static void openGem() throws IOException {
        String file = System.getProperty("elkflow.gem.file");
        assertNotNull(file, "system property elkflow.gem.file is not set (run through Maven: mvn verify)");
        Path path = Path.of(file);
        assertTrue(Files.isRegularFile(path), "gem not built: " + path + " (mvn package builds it)");
        gem = PluginGem.open(path);
    }

    @Test
    void passesLogstashRegistryChecks() throws IOException {
        new LogstashRegistryCheck(gem, "org.elkflow").assertValid();
    }

    @Test
    void isTheInfraenrichFilterGem() {
        assertEquals("logstash-filter-infraenrich", gem.name());
        assertEquals(System.getProperty("elkflow.project.version"), gem.version());
        assertEquals("filter", gem.metadata().get("logstash_group"));
        assertEquals(List.of("vendor/jar-dependencies/org/elkflow/logstash-filter-infraenrich/" + gem.version()
                + "/logstash-filter-infraenrich-" + gem.version() + ".jar"), gem.jarsOnRequirePaths());
    }

    @Test
    void stubNamesThePluginClass() {
        String stub = gem.text("lib/logstash/filters/infraenrich.rb");
        assertNotNull(stub, "stub missing; files: " + gem.files());
        assertTrue(stub.contains("Java::org.elkflow.infraenrich.filter.InfraEnrich.java_class"), stub);
        assertTrue(stub.contains("class LogStash::Filters::InfraEnrich < LogStash::Filters::Base"), stub);
    }

    @Test
    void shipsNoTestOrBuildLeftovers() {
        for (String file : gem.files()) {
            assertFalse(file.endsWith("plugin.properties") || file.contains("/test/") || file.endsWith(".java"),
                    "unexpected file in gem: " + file);
        }
    }
}

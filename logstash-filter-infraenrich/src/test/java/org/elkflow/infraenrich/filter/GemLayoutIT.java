package org.elkflow.infraenrich.filter;

import org.elkflow.logstash.testkit.gem.BuiltPluginGem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

/** Opens the gem that {@code mvn package} left in dist/ and checks it the way Logstash will. */
class GemLayoutIT {

    private static BuiltPluginGem gem;

    @BeforeAll
    static void openGem() throws IOException {
        gem = BuiltPluginGem.open("filter", "infraenrich", InfraEnrich.class.getName());
    }

    @Test
    void passesLogstashRegistryChecks() throws IOException {
        gem.assertLayout();
    }

    @Test
    void installsWithRubyGemsAndLoadsThroughTheRubyStub(@TempDir Path work) throws Exception {
        gem.assertInstallsAndLoads(work);
    }
}

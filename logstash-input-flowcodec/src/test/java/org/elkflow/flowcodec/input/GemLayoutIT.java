package org.elkflow.flowcodec.input;

import org.elkflow.logstash.testkit.gem.LogstashRegistryCheck;
import org.elkflow.logstash.testkit.gem.PluginGem;
import org.elkflow.logstash.testkit.gem.RubyGemsInstall;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
    void installsWithRubyGemsAndLoadsThroughTheRubyStub(@TempDir Path work) throws Exception {
        String jruby = System.getProperty("elkflow.jruby.jar");
        assertNotNull(jruby, "system property elkflow.jruby.jar is not set (run through Maven: mvn verify)");
        Map<String, String> report = RubyGemsInstall.installAndLoad(gem.path(), Path.of(jruby), work);
        assertEquals("logstash-input-flowcodec-" + gem.version() + "-java", report.get("installed"), report.toString());
        assertEquals("true", report.get("logstash_plugin"));
        assertEquals("true", report.get("java_plugin"));
        assertEquals("input", report.get("logstash_group"));
        assertEquals("vendor/jar-dependencies/org/elkflow/logstash-input-flowcodec/" + gem.version()
                + "/logstash-input-flowcodec-" + gem.version() + ".jar", report.get("jars"));
        assertEquals("flowcodec", report.get("config_name"));
        assertEquals("org.elkflow.flowcodec.input.FlowCodec", report.get("java_class"));
        assertEquals("flowcodec", report.get("plugin_name"));
    }

    @Test
    void isTheFlowcodecInputGem() {
        assertEquals("logstash-input-flowcodec", gem.name());
        assertEquals(System.getProperty("elkflow.project.version"), gem.version());
        assertEquals("input", gem.metadata().get("logstash_group"));
        List<String> jars = gem.jarsOnRequirePaths();
        assertEquals(List.of("vendor/jar-dependencies/org/elkflow/logstash-input-flowcodec/" + gem.version()
                + "/logstash-input-flowcodec-" + gem.version() + ".jar"), jars);
    }

    @Test
    void stubNamesThePluginClass() {
        String stub = gem.text("lib/logstash/inputs/flowcodec.rb");
        assertNotNull(stub, "stub missing; files: " + gem.files());
        assertTrue(stub.contains("Java::org.elkflow.flowcodec.input.FlowCodec.java_class"), stub);
        assertTrue(stub.contains("class LogStash::Inputs::FlowCodec < LogStash::Inputs::Base"), stub);
    }

    @Test
    void shipsNoTestOrBuildLeftovers() {
        for (String file : gem.files()) {
            assertFalse(file.endsWith("plugin.properties") || file.contains("/test/") || file.endsWith(".java"),
                    "unexpected file in gem: " + file);
        }
    }
}

package org.elkflow.logstash.testkit.gem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gem a plugin module's build just left in dist/, checked end to end the way Logstash will see it: the
 * registry checks of {@link LogstashRegistryCheck}, the expected names, no build leftovers, and a real RubyGems
 * install with the plugin loaded through the Ruby stub ({@link RubyGemsInstall}). The Maven build passes the gem,
 * the project version and the jruby-complete jar as system properties to the module's integration tests.
 */
public final class BuiltPluginGem {

    private static final String GROUP = "org.elkflow";

    private final PluginGem gem;
    private final String type;
    private final String name;
    private final String javaClass;

    private BuiltPluginGem(PluginGem gem, String type, String name, String javaClass) {
        this.gem = gem;
        this.type = type;
        this.name = name;
        this.javaClass = javaClass;
    }

    /** Opens the gem named by the build's {@code elkflow.gem.file} property. */
    public static BuiltPluginGem open(String type, String name, String javaClass) throws IOException {
        Path path = Path.of(property("elkflow.gem.file"));
        if (!Files.isRegularFile(path)) {
            throw new AssertionError("gem not built: " + path + " (mvn package builds it)");
        }
        return new BuiltPluginGem(PluginGem.open(path), type, name, javaClass);
    }

    public PluginGem gem() {
        return gem;
    }

    /** Everything the gem file itself must satisfy; all problems are reported together. */
    public void assertLayout() throws IOException {
        List<String> problems = new ArrayList<>(new LogstashRegistryCheck(gem, GROUP).run());
        String gemName = "logstash-" + type + "-" + name;
        String version = property("elkflow.project.version");
        expect(problems, gemName.equals(gem.name()), "gem name " + gem.name() + ", expected " + gemName);
        expect(problems, version.equals(gem.version()), "gem version " + gem.version() + ", expected " + version);
        String jar = "vendor/jar-dependencies/" + GROUP.replace('.', '/') + "/" + gemName + "/" + version + "/"
                + gemName + "-" + version + ".jar";
        expect(problems, List.of(jar).equals(gem.jarsOnRequirePaths()),
                "jars on the require paths " + gem.jarsOnRequirePaths() + ", expected [" + jar + "]");
        String stub = gem.text("lib/logstash/" + type + "s/" + name + ".rb");
        String simpleName = javaClass.substring(javaClass.lastIndexOf('.') + 1);
        String module = Character.toUpperCase(type.charAt(0)) + type.substring(1) + "s";
        expect(problems, stub != null && stub.contains("Java::" + javaClass + ".java_class")
                && stub.contains("class LogStash::" + module + "::" + simpleName + " < LogStash::" + module + "::Base"),
                "Ruby stub does not define LogStash::" + module + "::" + simpleName + " returning " + javaClass);
        for (String file : gem.files()) {
            expect(problems, !(file.endsWith("plugin.properties") || file.contains("/test/") || file.endsWith(".java")),
                    "unexpected file in the gem: " + file);
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(gem.path() + " would not load in Logstash:\n - " + String.join("\n - ", problems));
        }
    }

    /** Installs the gem with JRuby's RubyGems and loads the plugin class through jar-dependencies and the stub. */
    public void assertInstallsAndLoads(Path workDir) throws IOException, InterruptedException {
        Map<String, String> report = RubyGemsInstall.installAndLoad(gem.path(), Path.of(property("elkflow.jruby.jar")),
                workDir);
        String gemName = "logstash-" + type + "-" + name;
        List<String> problems = new ArrayList<>();
        expectEqual(problems, report, "installed", gemName + "-" + gem.version() + "-java");
        expectEqual(problems, report, "logstash_plugin", "true");
        expectEqual(problems, report, "java_plugin", "true");
        expectEqual(problems, report, "logstash_group", type);
        expectEqual(problems, report, "config_name", name);
        expectEqual(problems, report, "java_class", javaClass);
        expectEqual(problems, report, "plugin_name", name);
        if (!problems.isEmpty()) {
            throw new AssertionError("installing " + gem.path() + " with RubyGems:\n - "
                    + String.join("\n - ", problems) + "\nfull report: " + report);
        }
    }

    private static void expectEqual(List<String> problems, Map<String, String> report, String key, String expected) {
        expect(problems, expected.equals(report.get(key)), key + " = " + report.get(key) + ", expected " + expected);
    }

    private static void expect(List<String> problems, boolean condition, String problem) {
        if (!condition) {
            problems.add(problem);
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new AssertionError("system property " + name + " is not set (run through Maven: mvn verify)");
        }
        return value;
    }
}

package org.elkflow.logstash.testkit.gem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry check must catch each way a gem can fail to load in Logstash; gems are built in memory here. */
class LogstashRegistryCheckTest {

    private static final String NAME = "logstash-input-probe";
    private static final String JAR = "vendor/jar-dependencies/org/elkflow/" + NAME + "/1.0.0/" + NAME + "-1.0.0.jar";

    @TempDir
    Path dir;

    @Test
    void readsGemspecAttributesAsRubyGemsWritesThem() throws IOException {
        PluginGem gem = PluginGem.open(write(metadata("'true'", "input", "'true'"), files(JAR, jar("org/elkflow/x/A.class"))));
        assertEquals(NAME, gem.name());
        assertEquals("1.0.0", gem.version());
        assertEquals("java", gem.platform());
        assertEquals(Map.of("logstash_plugin", "true", "logstash_group", "input", "java_plugin", "true"), gem.metadata());
        assertEquals(List.of("lib", "vendor/jar-dependencies"), gem.requirePaths());
        assertEquals(List.of(JAR), gem.jarsOnRequirePaths());
    }

    @Test
    void reportsMissingPluginMetadata() throws IOException {
        List<String> problems = check(metadata("'false'", "filter", "'true'"), files(JAR, jar("org/elkflow/x/A.class")));
        assertTrue(problems.stream().anyMatch(p -> p.contains("logstash_plugin")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("logstash_group is not 'input'")), problems.toString());
    }

    @Test
    void reportsASecondJarOrAWronglyNamedJar() throws IOException {
        Map<String, byte[]> two = files(JAR, jar("org/elkflow/x/A.class"));
        two.put("vendor/jar-dependencies/other-1.0.jar", jar("org/elkflow/x/B.class"));
        List<String> problems = check(metadata("'true'", "input", "'true'"), two);
        assertTrue(problems.stream().anyMatch(p -> p.contains("exactly one jar")), problems.toString());

        String misnamed = "vendor/jar-dependencies/org/elkflow/" + NAME + "/1.0.0/probe.jar";
        problems = check(metadata("'true'", "input", "'true'"), files(misnamed, jar("org/elkflow/x/A.class")));
        assertTrue(problems.stream().anyMatch(p -> p.contains("exactly one jar")), problems.toString());
    }

    @Test
    void reportsBundledLogstashOrUnrelocatedClasses() throws IOException {
        byte[] jar = jar("org/elkflow/x/A.class", "co/elastic/logstash/api/Plugin.class",
                "com/fasterxml/jackson/core/JsonParser.class");
        List<String> problems = check(metadata("'true'", "input", "'true'"), files(JAR, jar));
        assertTrue(problems.stream().anyMatch(p -> p.contains("co/elastic/logstash/api/Plugin.class")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("com/fasterxml/jackson/core/JsonParser.class")
                && p.contains("relocated")), problems.toString());
    }

    @Test
    void reportsAMissingStubAndJarsLoader() throws IOException {
        Map<String, byte[]> files = files(JAR, jar("org/elkflow/x/A.class"));
        files.remove("lib/logstash/inputs/probe.rb");
        files.remove("lib/" + NAME + "_jars.rb");
        List<String> problems = check(metadata("'true'", "input", "'true'"), files);
        assertTrue(problems.stream().anyMatch(p -> p.contains("Ruby stub")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("_jars.rb is missing")), problems.toString());
    }

    @Test
    void reportsAStubNamingAClassTheJarLacks() throws IOException {
        List<String> problems = check(metadata("'true'", "input", "'true'"), files(JAR, jar("org/elkflow/x/A.class")));
        assertTrue(problems.stream().anyMatch(p -> p.contains("no such class")), problems.toString());
    }

    private List<String> check(String metadata, Map<String, byte[]> files) throws IOException {
        return new LogstashRegistryCheck(PluginGem.open(write(metadata, files)), "org.elkflow").run();
    }

    private static String metadata(String logstashPlugin, String group, String javaPlugin) {
        return "--- !ruby/object:Gem::Specification\nname: " + NAME + "\nversion: !ruby/object:Gem::Version\n"
                + "  version: 1.0.0\nplatform: java\nauthors:\n- elkflow\nmetadata:\n  logstash_plugin: "
                + logstashPlugin + "\n  logstash_group: " + group + "\n  java_plugin: " + javaPlugin
                + "\nrequire_paths:\n- lib\n- vendor/jar-dependencies\n";
    }

    private static Map<String, byte[]> files(String jarPath, byte[] jar) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("VERSION", utf8("1.0.0\n"));
        files.put("lib/logstash/inputs/probe.rb", utf8("require \"" + NAME + "_jars\"\nclass LogStash::Inputs::Probe"
                + " < LogStash::Inputs::Base\n  config_name \"probe\"\n"
                + "  def self.javaClass() Java::org.elkflow.x.Probe.java_class; end\nend\n"));
        files.put("lib/" + NAME + "_jars.rb", utf8("require_jar('org.elkflow', '" + NAME + "', '1.0.0')\n"));
        files.put(jarPath, jar);
        return files;
    }

    private static byte[] jar(String... classEntries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes)) {
            for (String entry : classEntries) {
                out.putNextEntry(new JarEntry(entry));
                out.write(new byte[]{(byte) 0xCA, (byte) 0xFE});
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private Path write(String metadata, Map<String, byte[]> files) throws IOException {
        Map<String, byte[]> outer = new LinkedHashMap<>();
        outer.put("metadata.gz", gzip(utf8(metadata)));
        outer.put("data.tar.gz", gzip(tar(files)));
        Path gem = dir.resolve(NAME + "-1.0.0-java.gem");
        Files.write(gem, tar(outer));
        return gem;
    }

    /** A minimal ustar writer: the test needs gems the real RubyGems would refuse to build. */
    private static byte[] tar(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            byte[] header = new byte[512];
            String name = file.getKey();
            String prefix = "";
            if (name.length() > 100) {
                int cut = name.lastIndexOf('/', 154);
                prefix = name.substring(0, cut);
                name = name.substring(cut + 1);
            }
            put(header, 0, name);
            put(header, 100, "0000644");
            put(header, 124, String.format("%011o", file.getValue().length));
            header[156] = '0';
            put(header, 257, "ustar");
            put(header, 345, prefix);
            out.writeBytes(header);
            out.writeBytes(file.getValue());
            out.writeBytes(new byte[(512 - file.getValue().length % 512) % 512]);
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] b = utf8(text);
        System.arraycopy(b, 0, header, offset, b.length);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

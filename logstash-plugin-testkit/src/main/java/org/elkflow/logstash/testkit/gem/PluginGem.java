package org.elkflow.logstash.testkit.gem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A built Logstash plugin gem, opened in memory: its gemspec attributes and the files it installs. */
public final class PluginGem {

    private final Path path;
    private final GemSpecYaml spec;
    private final Map<String, byte[]> data;

    private PluginGem(Path path, GemSpecYaml spec, Map<String, byte[]> data) {
        this.path = path;
        this.spec = spec;
        this.data = data;
    }

    public static PluginGem open(Path gemFile) throws IOException {
        Map<String, byte[]> outer = TarEntries.read(Files.readAllBytes(gemFile));
        byte[] metadata = outer.get("metadata.gz");
        byte[] dataTar = outer.get("data.tar.gz");
        if (metadata == null || dataTar == null) {
            throw new IOException(gemFile + " is not a gem: entries are " + outer.keySet()
                    + ", expected metadata.gz and data.tar.gz");
        }
        GemSpecYaml spec = GemSpecYaml.parse(new String(TarEntries.gunzip(metadata), StandardCharsets.UTF_8));
        return new PluginGem(gemFile, spec, TarEntries.read(TarEntries.gunzip(dataTar)));
    }

    public Path path() {
        return path;
    }

    public String name() {
        return spec.scalar("name");
    }

    /** The gem version as RubyGems recorded it (nested under "version:" in the YAML). */
    public String version() {
        return spec.map("version").get("version");
    }

    public String platform() {
        return spec.scalar("platform");
    }

    public Map<String, String> metadata() {
        return spec.map("metadata");
    }

    public List<String> requirePaths() {
        return spec.list("require_paths");
    }

    /** Paths of the files the gem installs, relative to the gem directory. */
    public List<String> files() {
        return new ArrayList<>(data.keySet());
    }

    public byte[] file(String relativePath) {
        return data.get(relativePath);
    }

    public String text(String relativePath) {
        byte[] content = data.get(relativePath);
        return content == null ? null : new String(content, StandardCharsets.UTF_8);
    }

    /** Every .jar below one of the require paths: what Logstash's registry globs for a Java plugin. */
    public List<String> jarsOnRequirePaths() {
        List<String> jars = new ArrayList<>();
        for (String file : data.keySet()) {
            if (!file.endsWith(".jar")) {
                continue;
            }
            for (String requirePath : requirePaths()) {
                if (file.startsWith(requirePath + "/")) {
                    jars.add(file);
                    break;
                }
            }
        }
        return jars;
    }
}

package org.elkflow.logstash.testkit.gem;

import co.elastic.logstash.api.LogstashPlugin;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Installs a built plugin gem with the real RubyGems of JRuby (the JRuby Logstash bundles, from Maven Central's
 * jruby-complete) and loads the plugin class through jar-dependencies and the Ruby stub, on a class path that
 * holds only the plugin API and log4j — what {@code bin/logstash-plugin install --local} and the plugin registry
 * do. The Java checks in {@link LogstashRegistryCheck} read the gem; this proves RubyGems and JRuby accept it.
 */
public final class RubyGemsInstall {

    private static final long TIMEOUT_SECONDS = 180;

    private RubyGemsInstall() {
    }

    /**
     * @return what the install reported: installed, logstash_plugin, java_plugin, logstash_group, jars,
     *         config_name, java_class, plugin_name
     */
    public static Map<String, String> installAndLoad(Path gem, Path jrubyCompleteJar, Path workDir)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jrubyCompleteJar)) {
            throw new IllegalStateException("jruby-complete jar not found: " + jrubyCompleteJar
                    + " (the gem build fetches it into target/tools)");
        }
        Path script = workDir.resolve("install_check.rb");
        try (InputStream in = RubyGemsInstall.class.getResourceAsStream("install_check.rb")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path gemHome = Files.createDirectories(workDir.resolve("gem-home"));
        String classPath = String.join(java.io.File.pathSeparator, jrubyCompleteJar.toString(),
                location(LogstashPlugin.class), location(Logger.class));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", classPath, "org.jruby.Main",
                script.toString(), gem.toString(), gemHome.toString()))
                .directory(workDir.toFile())
                .redirectErrorStream(true);
        builder.environment().put("HOME", workDir.toString());
        builder.environment().put("GEM_HOME", gemHome.toString());
        builder.environment().put("GEM_PATH", gemHome.toString());
        builder.environment().put("JARS_SKIP", "true"); // as `logstash-plugin install --local` sets it
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("JRuby gem install did not finish within " + TIMEOUT_SECONDS + " s");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError("RubyGems/JRuby rejected " + gem + " (exit " + process.exitValue() + "):\n"
                    + text);
        }
        Map<String, String> report = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[a-z_]+")) {
                report.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        return report;
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot locate the jar of " + type, e);
        }
    }
}

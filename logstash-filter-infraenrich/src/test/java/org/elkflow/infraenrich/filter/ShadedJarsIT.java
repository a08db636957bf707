package org.elkflow.infraenrich.filter;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plugin jar must carry its libraries relocated (Logstash loads plugins parent-first next to its own
 * Jackson/snakeyaml and the bundled geoip filter's geoip2); the tools jar must run on its own.
 */
class ShadedJarsIT {

    private static Path gemJar() {
        Path target = Path.of("target");
        try (var files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-gem.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no *-gem.jar in " + target.toAbsolutePath()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void pluginJarHasOnlyRelocatedThirdPartyClasses() throws IOException {
        List<String> leaked = new ArrayList<>();
        boolean sawMaxmind = false;
        boolean sawYaml = false;
        try (JarFile jar = new JarFile(gemJar().toFile())) {
            for (var it = jar.entries(); it.hasMoreElements(); ) {
                String name = it.nextElement().getName();
                if (!name.endsWith(".class")) {
                    continue;
                }
                if (!name.startsWith("org/elkflow/") && !name.startsWith("META-INF/")) {
                    leaked.add(name);
                }
                sawMaxmind |= name.startsWith("org/elkflow/shaded/maxmind/geoip2/");
                sawYaml |= name.startsWith("org/elkflow/shaded/snakeyaml/");
                if (name.startsWith("co/elastic/") || name.startsWith("org/apache/logging/")) {
                    leaked.add(name);
                }
            }
        }
        assertTrue(leaked.isEmpty(), "classes outside org.elkflow: " + leaked.subList(0, Math.min(20, leaked.size())));
        assertTrue(sawMaxmind && sawYaml, "relocated geoip2 and snakeyaml expected");
    }

    @Test
    void toolsJarRunsStandalone() throws Exception {
        String jar = System.getProperty("elkflow.tools.jar");
        assertTrue(jar != null && Files.isRegularFile(Path.of(jar)), "tools jar not built: " + jar);
        Path shared = Path.of(System.getProperty("elkflow.shared.dir"), "geoip");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar,
                "lookup", "--geoip-city", shared.resolve("GeoLite2-City-Test.mmdb").toString(),
                "--geoip-asn", shared.resolve("GeoLite2-ASN-Test.mmdb").toString(), "89.160.20.112")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("\"number\":29518") && output.contains("Bredband2 AB"), output);
    }
}

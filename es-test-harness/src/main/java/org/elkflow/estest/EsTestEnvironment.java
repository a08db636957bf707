package org.elkflow.estest;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The inputs the Maven build hands to integration tests as system properties, checked so that a test run
 * outside Failsafe fails with a message that says what is missing and how to get it.
 */
public final class EsTestEnvironment {

    /** The unpacked integ-test-zip distribution (a directory with {@code bin/elasticsearch}). */
    public static final String ES_HOME_PROPERTY = "elkflow.es.home";
    /** The plugin zip built by this module. */
    public static final String PLUGIN_ZIP_PROPERTY = "elkflow.plugin.zip";
    /** The directory every installable artifact is copied to. */
    public static final String DIST_DIR_PROPERTY = "elkflow.dist.dir";

    private EsTestEnvironment() {
    }

    /** The Elasticsearch distribution directory from {@code elkflow.es.home}. */
    public static Path esHome() {
        Path home = requiredPath(ES_HOME_PROPERTY,
                "the unpacked integ-test-zip; run the test through Maven Failsafe (mvn verify), which unpacks it");
        return checkDistribution(home);
    }

    /** The plugin zip from {@code elkflow.plugin.zip}. */
    public static Path pluginZip() {
        return pluginZip(PLUGIN_ZIP_PROPERTY);
    }

    /**
     * A plugin zip named by {@code property}: another module's zip a test installs beside its own (the module's pom
     * sets the property and depends on that module, so the reactor has packaged it first).
     */
    public static Path pluginZip(String property) {
        Path zip = requiredPath(property,
                "a plugin zip built at the package phase; run the test through Maven Failsafe (mvn verify)");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("system property " + property + " points at " + zip
                    + ", which does not exist; the package phase builds it (mvn verify runs package first)");
        }
        return zip;
    }

    /** Checks that {@code home} looks like an unpacked Elasticsearch distribution and returns it absolute. */
    static Path checkDistribution(Path home) {
        Path absolute = home.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute.resolve("bin/elasticsearch"))
                || !Files.isRegularFile(absolute.resolve("bin/elasticsearch-plugin"))) {
            throw new IllegalStateException(absolute + " is not an Elasticsearch distribution (no bin/elasticsearch or"
                    + " bin/elasticsearch-plugin); the pre-integration-test phase unpacks the integ-test-zip there");
        }
        return absolute;
    }

    private static Path requiredPath(String property, String meaning) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: it must name " + meaning);
        }
        return Path.of(value);
    }
}

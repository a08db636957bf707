package org.elkflow.logstash.testkit;

import co.elastic.logstash.api.Codec;
import co.elastic.logstash.api.Password;
import co.elastic.logstash.api.PluginConfigSpec;
import co.elastic.logstash.api.PluginHelper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestConfigurationTest {

    private static final PluginConfigSpec<Long> PORT = PluginConfigSpec.numSetting("port", 2055);
    private static final PluginConfigSpec<Double> RATIO = PluginConfigSpec.floatSetting("ratio", 0.5);
    private static final PluginConfigSpec<Boolean> UPSCALE = PluginConfigSpec.booleanSetting("upscale", false);
    private static final PluginConfigSpec<String> HOST = PluginConfigSpec.requiredStringSetting("host");
    private static final PluginConfigSpec<URI> ENDPOINT = PluginConfigSpec.uriSetting("endpoint", "http://localhost:9200");
    private static final PluginConfigSpec<Password> SECRET =
            PluginConfigSpec.passwordSetting("secret", "changeme", false, false);
    private static final PluginConfigSpec<Map<String, Object>> EXTRA = PluginConfigSpec.hashSetting("extra");
    private static final PluginConfigSpec<List<Object>> NAMES = PluginConfigSpec.arraySetting("names");

    private static final Collection<PluginConfigSpec<?>> SCHEMA =
            PluginHelper.commonInputSettings(List.of(PORT, RATIO, UPSCALE, HOST, ENDPOINT, SECRET, EXTRA, NAMES));

    @Test
    void unknownSettingIsRejectedWithLogstashsMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestConfiguration.validated("flowcodec", SCHEMA, Map.of("host", "h", "prot", 1L)));
        assertEquals("Unknown setting 'prot' specified for plugin 'flowcodec'", e.getMessage());
    }

    @Test
    void missingRequiredSettingIsRejectedWithLogstashsMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestConfiguration.validated("flowcodec", SCHEMA, Map.of("port", 1L)));
        assertEquals("Required setting 'host' not specified for plugin 'flowcodec'", e.getMessage());
    }

    @Test
    void everyProblemIsListed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestConfiguration.validated("flowcodec", SCHEMA, Map.of("a", 1L)));
        assertTrue(e.getMessage().contains("Unknown setting 'a'"), e.getMessage());
        assertTrue(e.getMessage().contains("Required setting 'host'"), e.getMessage());
    }

    @Test
    void commonSettingsAreAcceptedWhenTheSchemaIncludesThem() {
        Map<String, Object> settings = Map.of("host", "h", "id", "my_input", "tags", List.of("t"),
                "add_field", Map.of("a", "b"), "enable_metric", false, "type", "flow");
        TestConfiguration config = TestConfiguration.validated("flowcodec", SCHEMA, settings);
        assertEquals("my_input", config.get(PluginHelper.ID_CONFIG));
        assertEquals(settings.keySet(), Set.copyOf(config.allKeys()));
    }

    @Test
    void valueOfTheSpecTypeIsReturnedAsIs() {
        Map<String, Object> extra = Map.of("k", "v");
        TestConfiguration config = TestConfiguration.of(Map.of("port", 9995L, "extra", extra, "names", List.of("a")));
        assertEquals(9995L, config.get(PORT));
        assertSame(extra, config.get(EXTRA));
        assertEquals(List.of("a"), config.get(NAMES));
    }

    @Test
    void coercesAsLogstashDoes() {
        TestConfiguration config = TestConfiguration.of(Map.of("port", 6343, "ratio", 2L, "upscale", "true",
                "endpoint", "https://es:9200/x", "secret", "s3cret"));
        assertEquals(6343L, config.get(PORT));
        assertEquals(2.0d, config.get(RATIO));
        assertEquals(Boolean.TRUE, config.get(UPSCALE));
        assertEquals(URI.create("https://es:9200/x"), config.get(ENDPOINT));
        assertEquals("s3cret", config.get(SECRET).getPassword());
        assertEquals(3.0d, TestConfiguration.of(Map.of("ratio", 3)).get(RATIO));
        assertEquals(Boolean.FALSE, TestConfiguration.of(Map.of("upscale", "false")).get(UPSCALE));
    }

    @Test
    void incompatibleValueIsRejectedNamingSettingAndTypes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestConfiguration.of(Map.of("port", "2055")).get(PORT));
        assertEquals("Setting value for 'port' of type java.lang.String incompatible with defined type of"
                + " java.lang.Long", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TestConfiguration.of(Map.of("port", 1.5d)).get(PORT));
        assertThrows(IllegalArgumentException.class, () -> TestConfiguration.of(Map.of("upscale", "yes")).get(UPSCALE));
        assertThrows(IllegalArgumentException.class, () -> TestConfiguration.of(Map.of("names", "a")).get(NAMES));
        assertThrows(IllegalArgumentException.class, () -> TestConfiguration.of(Map.of("endpoint", "::bad uri")).get(ENDPOINT));
    }

    @Test
    void absentSettingsFallBackToDefaults() {
        TestConfiguration config = TestConfiguration.of(Map.of());
        assertEquals(2055L, config.get(PORT));
        assertEquals(0.5d, config.get(RATIO));
        assertEquals(Boolean.FALSE, config.get(UPSCALE));
        assertNull(config.get(HOST));
        assertEquals(URI.create("http://localhost:9200"), config.get(ENDPOINT), "raw default converted to URI");
        assertEquals("changeme", config.get(SECRET).getPassword(), "raw default converted to Password");
        assertNull(config.get(EXTRA));
    }

    @Test
    void rawValueContainsAndAllKeysReflectWhatTheUserWrote() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("port", 7);
        TestConfiguration config = TestConfiguration.of(settings);
        settings.put("host", "late");
        assertEquals(7, config.getRawValue(PORT));
        assertTrue(config.contains(PORT));
        assertFalse(config.contains(HOST), "the configuration is a copy taken at creation");
        assertNull(config.getRawValue(RATIO));
        assertEquals(List.of("port"), List.copyOf(config.allKeys()));
    }

    @Test
    void codecNamesCannotBeResolved() {
        PluginConfigSpec<Codec> codec = PluginConfigSpec.codecSetting("codec", "plain");
        assertThrows(UnsupportedOperationException.class, () -> TestConfiguration.of(Map.of()).get(codec));
        assertThrows(UnsupportedOperationException.class,
                () -> TestConfiguration.of(Map.of("codec", "json")).get(PluginHelper.CODEC_CONFIG));
    }
}

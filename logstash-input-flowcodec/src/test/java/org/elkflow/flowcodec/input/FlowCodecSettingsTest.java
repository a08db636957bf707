package org.elkflow.flowcodec.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.elkflow.logstash.testkit.Plugins;
import org.elkflow.logstash.testkit.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The v9/IPFIX settings: defaults, validation messages naming setting and value. */
class FlowCodecSettingsTest {

    @TempDir
    Path tmp;

    private static FlowCodec create(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(Map.of("host", "127.0.0.1", "port", 0L));
        config.putAll(extra);
        return Plugins.create(FlowCodec.class, config, new TestContext());
    }

    private static String rejected(Map<String, Object> extra) {
        Throwable e = assertThrows(Throwable.class, () -> create(extra));
        while (!(e instanceof IllegalArgumentException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage();
    }

    @Test
    void acceptsValidSettings() throws Exception {
        Path elements = tmp.resolve("elements.tsv");
        Files.writeString(elements, "12345\t1\tmyElement\tunsigned32\n");
        create(Map.of("upscale_sampling", true, "elements_file", elements.toString(), "max_exporters", 10L,
                "max_templates_per_exporter", 20L, "template_buffer_sets", 0L, "template_buffer_bytes", 0L,
                "template_buffer_seconds", 5L));
        assertTrue(create(Map.of()).configSchema().stream().anyMatch(s -> s.name().equals("upscale_sampling")));
    }

    @Test
    void rejectsBadValuesNamingSettingAndValue() throws Exception {
        assertEquals("flowcodec: invalid setting 'template_buffer_sets' => -1: must be from 0 (no buffering) to 100000",
                rejected(Map.of("template_buffer_sets", -1L)));
        assertTrue(rejected(Map.of("max_exporters", 0L)).startsWith("flowcodec: invalid setting 'max_exporters' => 0"));
        assertTrue(rejected(Map.of("template_buffer_seconds", 99999L))
                .startsWith("flowcodec: invalid setting 'template_buffer_seconds' => 99999"));
        assertTrue(rejected(Map.of("elements_file", tmp.resolve("none.tsv").toString()))
                .contains("'elements_file' => \"" + tmp.resolve("none.tsv") + "\": is not a readable file"));
        Path bad = tmp.resolve("bad.tsv");
        Files.writeString(bad, "12345\t1\tmyElement\tnotAType\n");
        String message = rejected(Map.of("elements_file", bad.toString()));
        assertTrue(message.contains("bad.tsv:1: unknown information element type 'notAType'"), message);
    }
}

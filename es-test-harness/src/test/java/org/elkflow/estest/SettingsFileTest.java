package org.elkflow.estest;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SettingsFileTest {

    @Test
    void rendersScalarsQuotedAndListsAsArrays() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("cluster.name", "a: b");
        settings.put("http.port", 9200);
        settings.put("xpack.security.enabled", false);
        settings.put("discovery.seed_hosts", List.of("127.0.0.1:9300", "127.0.0.1:9301"));
        assertEquals("# Written by the elkflow es-test-harness for one test node.\n"
                        + "cluster.name: \"a: b\"\n"
                        + "http.port: 9200\n"
                        + "xpack.security.enabled: false\n"
                        + "discovery.seed_hosts: [\"127.0.0.1:9300\",\"127.0.0.1:9301\"]\n",
                SettingsFile.render(settings));
    }

    @Test
    void rejectsMissingValues() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("x", null);
        assertThrows(IllegalArgumentException.class, () -> SettingsFile.render(settings));
    }
}

package org.elkflow.estest;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.util.Collection;
import java.util.Map;

/**
 * Renders node settings as an {@code elasticsearch.yml}: one flat {@code key: value} line per setting, values
 * written as JSON scalars or arrays, which YAML reads unchanged (strings are always quoted).
 */
final class SettingsFile {

    private SettingsFile() {
    }

    static String render(Map<String, Object> settings) {
        StringBuilder yml = new StringBuilder("# Written by the elkflow es-test-harness for one test node.\n");
        settings.forEach((key, value) -> yml.append(key).append(": ").append(toYamlValue(key, value)).append('\n'));
        return yml.toString();
    }

    private static String toYamlValue(String key, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("setting [" + key + "] has no value");
        }
        Object plain = value instanceof Collection<?> c ? c.stream().map(String::valueOf).toList()
                : value instanceof Number || value instanceof Boolean ? value : String.valueOf(value);
        try {
            return EsResponse.JSON.writeValueAsString(plain);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot render setting [" + key + "]", e);
        }
    }
}

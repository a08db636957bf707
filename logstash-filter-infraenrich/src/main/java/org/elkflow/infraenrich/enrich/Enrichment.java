package org.elkflow.infraenrich.enrich;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything known about one IP, as fields relative to a target object: {@code infra.*}, {@code geo.*},
 * {@code as.*}. The filter writes {@code <target>[infra][host]} etc.; the CLI prints the same tree as JSON.
 * Immutable and shared between events through the cache.
 */
public final class Enrichment {

    public static final Enrichment EMPTY = new Enrichment(List.of());

    private final List<Field> fields;

    Enrichment(List<Field> fields) {
        this.fields = fields;
    }

    public List<Field> fields() {
        return fields;
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** The value at a dotted path such as "infra.host" or "geo.location", or null. */
    public Object get(String dottedPath) {
        for (Field f : fields) {
            if (f.dottedPath().equals(dottedPath)) {
                return f.value();
            }
        }
        return null;
    }

    /** The fields as nested maps: {"infra":{"host":…},"geo":{…},"as":{"number":…,"organization":{"name":…}}}. */
    public Map<String, Object> asTree() {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Field f : fields) {
            Map<String, Object> node = root;
            String[] path = f.path();
            for (int i = 0; i < path.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(path[i],
                        k -> new LinkedHashMap<String, Object>());
                node = child;
            }
            node.put(path[path.length - 1], f.value());
        }
        return root;
    }

    /**
     * One output field. {@code reference} is the Logstash field reference relative to the target, e.g.
     * "[infra][host]"; the value is a String, Long, or for geo.location a {lat, lon} map of Doubles.
     */
    public record Field(String[] path, String reference, String dottedPath, Object value) {
        static Field of(Object value, String... path) {
            StringBuilder ref = new StringBuilder();
            for (String p : path) {
                ref.append('[').append(p).append(']');
            }
            return new Field(path, ref.toString(), String.join(".", path), value);
        }
    }

    static final class Builder {
        private final List<Field> fields = new ArrayList<>(12);

        Builder add(Object value, String... path) {
            if (value != null) {
                fields.add(Field.of(value, path));
            }
            return this;
        }

        Enrichment build() {
            return fields.isEmpty() ? EMPTY : new Enrichment(Collections.unmodifiableList(fields));
        }
    }
}

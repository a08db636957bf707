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
    private final List<Group> groups;

    Enrichment(List<Field> fields) {
        this.fields = fields;
        this.groups = groups(fields);
    }

    /**
     * The fields of one top-level object ("infra", "geo" or "as"), also as a ready nested map so that an adapter
     * can write the whole object with one call when the event does not have it yet. The map is unmodifiable and
     * shared: event implementations copy maps they are given (Logstash and the test kit both do).
     */
    public record Group(String name, String reference, Map<String, Object> tree, List<Field> fields) { }

    /** The fields grouped by top-level object, in first-appearance order. */
    public List<Group> groups() {
        return groups;
    }

    private static List<Group> groups(List<Field> fields) {
        Map<String, List<Field>> byName = new LinkedHashMap<>();
        for (Field f : fields) {
            byName.computeIfAbsent(f.name().path[0], k -> new ArrayList<>()).add(f);
        }
        List<Group> out = new ArrayList<>(byName.size());
        byName.forEach((name, fs) -> {
            Map<String, Object> tree = new LinkedHashMap<>();
            for (Field f : fs) {
                put(tree, f.name().path, 1, f.value());
            }
            out.add(new Group(name, "[" + name + "]", freeze(tree), List.copyOf(fs)));
        });
        return List.copyOf(out);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> node, String[] path, int from, Object value) {
        for (int i = from; i < path.length - 1; i++) {
            node = (Map<String, Object>) node.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
        }
        node.put(path[path.length - 1], value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> freeze(Map<String, Object> m) {
        m.replaceAll((k, v) -> v instanceof Map ? freeze((Map<String, Object>) v) : v);
        return Collections.unmodifiableMap(m);
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
            String[] path = f.name().path;
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
     * "[infra][host]"; the value is a String, Long or Double. Field names are interned: building an
     * enrichment allocates no strings.
     */
    public record Field(Name name, Object value) {
        public String[] path() {
            return name.path.clone();
        }

        public String reference() {
            return name.reference;
        }

        public String dottedPath() {
            return name.dotted;
        }
    }

    /** An interned relative field name. */
    public static final class Name {
        private static final java.util.concurrent.ConcurrentHashMap<String, Name> NAMES =
                new java.util.concurrent.ConcurrentHashMap<>();

        private final String[] path;
        private final String reference;
        private final String dotted;

        private Name(String[] path) {
            this.path = path;
            StringBuilder ref = new StringBuilder();
            for (String p : path) {
                ref.append('[').append(p).append(']');
            }
            this.reference = ref.toString();
            this.dotted = String.join(".", path);
        }

        static Name of(String... path) {
            String key = String.join(".", path);
            Name n = NAMES.get(key);
            return n != null ? n : NAMES.computeIfAbsent(key, k -> new Name(path.clone()));
        }

        /** The Logstash field reference relative to the target, e.g. "[infra][host]". */
        public String reference() {
            return reference;
        }

        /** infra.&lt;attribute&gt;: one map lookup, no allocation once known. */
        static Name infra(String attribute) {
            Name n = INFRA.get(attribute);
            return n != null ? n : INFRA.computeIfAbsent(attribute, a -> of("infra", a));
        }

        private static final java.util.concurrent.ConcurrentHashMap<String, Name> INFRA =
                new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public String toString() {
            return dotted;
        }
    }

    static final Name CITY_NAME = Name.of("geo", "city_name");
    static final Name COUNTRY_ISO_CODE = Name.of("geo", "country_iso_code");
    static final Name COUNTRY_NAME = Name.of("geo", "country_name");
    static final Name CONTINENT_CODE = Name.of("geo", "continent_code");
    static final Name REGION_NAME = Name.of("geo", "region_name");
    static final Name REGION_ISO_CODE = Name.of("geo", "region_iso_code");
    static final Name LAT = Name.of("geo", "location", "lat");
    static final Name LON = Name.of("geo", "location", "lon");
    static final Name AS_NUMBER = Name.of("as", "number");
    static final Name AS_ORG = Name.of("as", "organization", "name");

    static final class Builder {
        private final List<Field> fields = new ArrayList<>(12);

        Builder add(Name name, Object value) {
            if (value != null) {
                fields.add(new Field(name, value));
            }
            return this;
        }

        Enrichment build() {
            return fields.isEmpty() ? EMPTY : new Enrichment(Collections.unmodifiableList(fields));
        }
    }
}

package org.elkflow.infraenrich.enrich;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything known about one IP, as fields relative to a target object: {@code infra.*}, {@code geo.*},
 * {@code as.*}. The filter writes {@code <target>[infra][host]} etc.; the CLI prints the same tree as JSON.
 * Immutable and shared between events through the cache.
 */
public final class Enrichment {

    public static final Enrichment EMPTY = new Enrichment(new Group[0]);

    private final Group[] groups;

    private Enrichment(Group[] groups) {
        this.groups = groups;
    }

    /**
     * The fields of one top-level object ("infra", "geo" or "as") as a ready, unmodifiable nested map, so that
     * an adapter can write the whole object with one call when the event does not have it yet. The map is
     * shared by every event that gets this cached answer: event implementations copy maps they are given
     * (Logstash and the test kit both do).
     */
    public record Group(String name, String reference, Map<String, Object> tree) {
        /** The leaves of this group as fields (allocates; for merging into existing objects and tools). */
        public List<Field> fields() {
            List<Field> out = new ArrayList<>();
            collect(tree, new ArrayList<>(List.of(name)), out);
            return out;
        }

        @SuppressWarnings("unchecked")
        private static void collect(Map<String, Object> node, List<String> path, List<Field> out) {
            for (Map.Entry<String, Object> e : node.entrySet()) {
                path.add(e.getKey());
                if (e.getValue() instanceof Map<?, ?> child) {
                    collect((Map<String, Object>) child, path, out);
                } else {
                    out.add(new Field(Name.of(path.toArray(new String[0])), e.getValue()));
                }
                path.remove(path.size() - 1);
            }
        }
    }

    /** The groups in order: infra, geo, as (those that have any field). */
    public List<Group> groups() {
        return List.of(groups);
    }

    /** All leaves as fields (allocates). */
    public List<Field> fields() {
        List<Field> out = new ArrayList<>();
        for (Group g : groups) {
            out.addAll(g.fields());
        }
        return out;
    }

    public boolean isEmpty() {
        return groups.length == 0;
    }

    /** The value at a dotted path such as "infra.host" or "geo.location.lat", or null. */
    public Object get(String dottedPath) {
        String[] parts = dottedPath.split("\\.");
        for (Group g : groups) {
            if (!g.name.equals(parts[0])) {
                continue;
            }
            Object node = g.tree;
            for (int i = 1; i < parts.length && node instanceof Map<?, ?> m; i++) {
                node = m.get(parts[i]);
            }
            return node instanceof Map ? null : node;
        }
        return null;
    }

    /** The fields as nested maps: {"infra":{"host":…},"geo":{…},"as":{"number":…,"organization":{"name":…}}}. */
    public Map<String, Object> asTree() {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Group g : groups) {
            root.put(g.name, g.tree);
        }
        return root;
    }

    /**
     * One output field. {@code reference} is the Logstash field reference relative to the target, e.g.
     * "[infra][host]"; the value is a String, Long or Double.
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
        private static final ConcurrentHashMap<String, Name> NAMES = new ConcurrentHashMap<>();
        private static final ConcurrentHashMap<String, Name> INFRA = new ConcurrentHashMap<>();

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

        /** infra.&lt;attribute&gt;: one map lookup, no allocation once known. */
        static Name infra(String attribute) {
            Name n = INFRA.get(attribute);
            return n != null ? n : INFRA.computeIfAbsent(attribute, a -> of("infra", a));
        }

        /** The Logstash field reference relative to the target, e.g. "[infra][host]". */
        public String reference() {
            return reference;
        }

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

    private static final ConcurrentHashMap<String, String> GROUP_REFERENCES = new ConcurrentHashMap<>();

    /** Collects fields (names in group order: all infra, then geo, then as) and builds the compact form. */
    static final class Builder {
        private final List<Field> fields = new ArrayList<>(12);

        Builder add(Name name, Object value) {
            if (value != null) {
                fields.add(new Field(name, value));
            }
            return this;
        }

        Enrichment build() {
            if (fields.isEmpty()) {
                return EMPTY;
            }
            Map<String, Object> tree = tree(fields, 0);
            Group[] groups = new Group[tree.size()];
            int i = 0;
            for (Map.Entry<String, Object> e : tree.entrySet()) {
                String name = e.getKey();
                @SuppressWarnings("unchecked")
                Map<String, Object> sub = (Map<String, Object>) e.getValue();
                groups[i++] = new Group(name, GROUP_REFERENCES.computeIfAbsent(name, n -> "[" + n + "]"), sub);
            }
            return new Enrichment(groups);
        }

        /** Nested ArrayMaps from the fields' paths below depth, in first-appearance order. */
        private static Map<String, Object> tree(List<Field> fs, int depth) {
            Map<String, List<Field>> children = new LinkedHashMap<>();
            for (Field f : fs) {
                children.computeIfAbsent(f.name().path[depth], k -> new ArrayList<>(4)).add(f);
            }
            String[] keys = new String[children.size()];
            Object[] values = new Object[children.size()];
            int i = 0;
            for (Map.Entry<String, List<Field>> e : children.entrySet()) {
                keys[i] = e.getKey();
                List<Field> sub = e.getValue();
                Field last = sub.get(sub.size() - 1);
                values[i] = last.name().path.length == depth + 1 ? last.value() : tree(sub, depth + 1);
                i++;
            }
            return new ArrayMap(keys, values);
        }
    }
}

package org.elkflow.infraenrich.inventory;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attributes of one inventory row (host, role, project, owner, site, cluster, device_type and any extra
 * columns). Names are shared between rows of the same shape, values are interned by the loader, so a million
 * rows stay small. Immutable.
 */
public final class InfraRecord {

    /** The attributes every inventory knows; extra columns are kept as well. */
    public static final List<String> STANDARD_ATTRIBUTES =
            List.of("host", "role", "project", "owner", "site", "cluster", "device_type");

    private final String[] names;
    private final String[] values;

    InfraRecord(String[] names, String[] values) {
        if (names.length != values.length) {
            throw new IllegalArgumentException("names and values differ in length");
        }
        this.names = names;
        this.values = values;
    }

    /** For tests and tools: a record from an ordered map (null or empty values are dropped). */
    public static InfraRecord of(Map<String, String> attributes) {
        Map<String, String> kept = new LinkedHashMap<>();
        attributes.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                kept.put(k, v);
            }
        });
        return new InfraRecord(kept.keySet().toArray(new String[0]), kept.values().toArray(new String[0]));
    }

    public int size() {
        return names.length;
    }

    public String name(int i) {
        return names[i];
    }

    public String value(int i) {
        return values[i];
    }

    public String get(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return values[i];
            }
        }
        return null;
    }

    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], values[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InfraRecord r && Arrays.equals(names, r.names) && Arrays.equals(values, r.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(names) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}

package org.elkflow.retention.rollup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds a dotted field path in a document source the way Elasticsearch maps it: {@code a.b.c} may be stored as
 * nested objects ({@code {"a": {"b": {"c": ..}}}}, what an ingest processor's {@code setFieldValue} writes), as one
 * dotted key ({@code {"a.b.c": ..}}, what this plugin's rollup documents use), or any mix of both.
 */
public final class SourcePath {

    private SourcePath() {
    }

    /** Every value found under {@code path} (several when different spellings of it are present), in source order. */
    public static List<Object> values(Map<String, ?> source, String path) {
        List<Object> out = new ArrayList<>();
        collect(source, path, out);
        return out;
    }

    private static void collect(Map<String, ?> object, String rest, List<Object> out) {
        if (object.containsKey(rest)) {
            Object v = object.get(rest);
            if (v != null) {
                out.add(v);
            }
        }
        // every proper prefix of the remaining path that names an object: descend with the rest
        for (int dot = rest.indexOf('.'); dot > 0; dot = rest.indexOf('.', dot + 1)) {
            if (object.get(rest.substring(0, dot)) instanceof Map<?, ?> inner) {
                @SuppressWarnings("unchecked")
                Map<String, ?> typed = (Map<String, ?>) inner;
                collect(typed, rest.substring(dot + 1), out);
            }
        }
    }
}

package org.elkflow.infraenrich.inventory;

import java.util.Locale;

/** The file formats an inventory source may use, chosen by file name extension. */
public enum InventoryFormat {
    CSV, JSON_LINES, YAML;

    /** .csv / .tsv? no: .csv → CSV; .yaml/.yml → YAML; .jsonl/.ndjson/.json → JSON lines. */
    public static InventoryFormat forName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        int q = n.indexOf('?');
        if (q >= 0) {
            n = n.substring(0, q);
        }
        if (n.endsWith(".csv")) {
            return CSV;
        }
        if (n.endsWith(".yaml") || n.endsWith(".yml")) {
            return YAML;
        }
        if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) {
            return JSON_LINES;
        }
        throw new IllegalArgumentException("cannot tell the inventory format of '" + name
                + "': use a .csv, .jsonl/.ndjson/.json or .yaml/.yml file name");
    }

    InventoryParser parser() {
        return switch (this) {
            case CSV -> new CsvInventoryParser();
            case JSON_LINES -> new JsonLinesInventoryParser();
            case YAML -> new YamlInventoryParser();
        };
    }
}

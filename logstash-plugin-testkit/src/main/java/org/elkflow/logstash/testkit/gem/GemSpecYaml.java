package org.elkflow.logstash.testkit.gem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The few gemspec attributes Logstash's plugin registry reads, taken from the YAML that RubyGems stores as
 * metadata.gz. It understands the flat shape RubyGems writes (top-level keys, one level of maps and lists),
 * not YAML in general.
 */
final class GemSpecYaml {

    private final Map<String, String> scalars = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> maps = new LinkedHashMap<>();
    private final Map<String, List<String>> lists = new LinkedHashMap<>();

    static GemSpecYaml parse(String yaml) {
        GemSpecYaml spec = new GemSpecYaml();
        String section = null;
        for (String line : yaml.split("\n")) {
            if (line.isBlank() || line.startsWith("---") || line.startsWith("#")) {
                continue;
            }
            boolean indented = line.startsWith(" ") || line.startsWith("-");
            if (!indented) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    section = null;
                    continue;
                }
                section = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (!value.isEmpty() && !value.startsWith("!")) {
                    spec.scalars.put(section, unquote(value));
                }
                continue;
            }
            if (section == null) {
                continue;
            }
            String item = line.trim();
            if (item.startsWith("- ")) {
                spec.lists.computeIfAbsent(section, k -> new ArrayList<>()).add(unquote(item.substring(2).trim()));
            } else if (item.contains(":")) {
                int colon = item.indexOf(':');
                spec.maps.computeIfAbsent(section, k -> new LinkedHashMap<>())
                        .put(item.substring(0, colon).trim(), unquote(item.substring(colon + 1).trim()));
            }
        }
        return spec;
    }

    String scalar(String key) {
        return scalars.get(key);
    }

    Map<String, String> map(String key) {
        return maps.getOrDefault(key, Map.of());
    }

    List<String> list(String key) {
        return lists.getOrDefault(key, List.of());
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("'") && v.endsWith("'") || v.startsWith("\"") && v.endsWith("\""))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}

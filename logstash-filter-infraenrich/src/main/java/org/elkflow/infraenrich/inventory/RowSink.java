package org.elkflow.infraenrich.inventory;

import org.elkflow.infraenrich.net.Cidr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Receives the rows of one source: validates the address column, normalises attribute names, interns names
 * and values, and fills a {@link LongestPrefixTable}. Bad rows are reported with their line number.
 */
final class RowSink {

    /** Column names accepted for the address or prefix, in order of preference. */
    static final List<String> ADDRESS_COLUMNS = List.of("cidr", "ip", "network", "prefix");

    private final String source;
    private final InventoryListener listener;
    private final LongestPrefixTable<InfraRecord> table = new LongestPrefixTable<>();
    private final Map<List<String>, String[]> nameSets = new HashMap<>();
    private final Map<String, String> strings = new HashMap<>();
    private int goodRows;
    private int badRows;

    RowSink(String source, InventoryListener listener) {
        this.source = source;
        this.listener = listener;
    }

    /** An attribute name as it will appear under infra.*: lower case, [a-z0-9_] only. */
    static String attributeName(String raw) {
        String s = raw.trim().toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
        }
        return b.toString();
    }

    static boolean isAddressColumn(String normalisedName) {
        return ADDRESS_COLUMNS.contains(normalisedName);
    }

    /** One row: normalised attribute names (address column included) and their raw values, in order. */
    void row(int line, List<String> names, List<String> values) {
        String address = null;
        List<String> keptNames = new ArrayList<>(names.size());
        List<String> keptValues = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String value = values.get(i) == null ? "" : values.get(i).trim();
            if (isAddressColumn(name)) {
                if (address == null && !value.isEmpty()) {
                    address = value;
                }
                continue;
            }
            if (name.isEmpty() || value.isEmpty() || keptNames.contains(name)) {
                continue;
            }
            keptNames.add(name);
            keptValues.add(value);
        }
        if (address == null) {
            bad(line, "no address: one of the columns " + ADDRESS_COLUMNS + " must hold an IP or CIDR");
            return;
        }
        Cidr cidr;
        try {
            cidr = Cidr.parse(address);
        } catch (IllegalArgumentException e) {
            bad(line, e.getMessage());
            return;
        }
        String[] nameArray = nameSets.computeIfAbsent(keptNames, k -> k.stream().map(this::intern)
                .toArray(String[]::new));
        String[] valueArray = new String[keptValues.size()];
        for (int i = 0; i < valueArray.length; i++) {
            valueArray[i] = intern(keptValues.get(i));
        }
        table.put(cidr, new InfraRecord(nameArray, valueArray));
        goodRows++;
    }

    void bad(int line, String message) {
        badRows++;
        listener.badRow(source, line, message);
    }

    private String intern(String s) {
        String known = strings.putIfAbsent(s, s);
        return known == null ? s : known;
    }

    int goodRows() {
        return goodRows;
    }

    int badRows() {
        return badRows;
    }

    LongestPrefixTable<InfraRecord> table() {
        return table.freeze();
    }
}

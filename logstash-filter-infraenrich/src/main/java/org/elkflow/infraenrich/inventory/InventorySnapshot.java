package org.elkflow.infraenrich.inventory;

import org.elkflow.infraenrich.net.IpAddress;

import java.util.List;

/**
 * One immutable, complete inventory: a prefix table per source, in configuration order. The answer is the
 * longest matching prefix over all sources; on equal prefix length the later source wins.
 */
public final class InventorySnapshot {

    public static final InventorySnapshot EMPTY = new InventorySnapshot(List.of(), List.of(), 0);

    private final List<String> sourceNames;
    private final LongestPrefixTable<InfraRecord>[] tables;
    private final long version;

    @SuppressWarnings({"unchecked", "rawtypes"})
    InventorySnapshot(List<String> sourceNames, List<LongestPrefixTable<InfraRecord>> tables, long version) {
        this.sourceNames = List.copyOf(sourceNames);
        this.tables = tables.toArray(new LongestPrefixTable[0]);
        this.version = version;
    }

    /** Increases by one with every published snapshot. */
    public long version() {
        return version;
    }

    public InfraRecord lookup(IpAddress address) {
        Hit hit = match(address);
        return hit == null ? null : hit.record();
    }

    /** The winning record with the prefix and source that supplied it, or null. */
    public Hit match(IpAddress address) {
        Hit best = null;
        for (int i = tables.length - 1; i >= 0; i--) {
            LongestPrefixTable.Match<InfraRecord> m = tables[i].match(address);
            if (m != null && (best == null || m.prefix().prefixLength() > best.prefix().prefixLength())) {
                best = new Hit(m.prefix(), m.value(), sourceNames.get(i));
            }
        }
        return best;
    }

    /** Number of prefixes over all sources (a prefix present in two sources counts twice). */
    public int size() {
        int n = 0;
        for (LongestPrefixTable<InfraRecord> t : tables) {
            n += t.size();
        }
        return n;
    }

    public record Hit(org.elkflow.infraenrich.net.Cidr prefix, InfraRecord record, String source) { }
}

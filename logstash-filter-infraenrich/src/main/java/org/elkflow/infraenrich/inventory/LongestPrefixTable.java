package org.elkflow.infraenrich.inventory;

import org.elkflow.infraenrich.net.Cidr;
import org.elkflow.infraenrich.net.IpAddress;

import java.util.Arrays;

/**
 * Longest-prefix match over IPv4 and IPv6 prefixes without scanning: one open-addressing hash table per
 * prefix length that occurs, probed from the longest length down (at most 33 or 129 probes, in practice
 * as many as there are distinct lengths in the inventory). Keys are the masked network bits as primitive
 * ints (IPv4) or longs (IPv6), so the table itself costs about 16 bytes per IPv4 prefix and 32 per IPv6 prefix.
 *
 * <p>Built single-threaded with {@link #put}; {@link #freeze()} makes it read-only and safe to share between
 * threads once published (the reload code publishes it through an AtomicReference).
 * Putting the same prefix twice keeps the later value: "later wins" on equal prefixes.
 */
public final class LongestPrefixTable<V> {

    private final LengthTable[] v4 = new LengthTable[33];
    private final LengthTable[] v6 = new LengthTable[129];
    private int[] v4Lengths = new int[0]; // descending, only lengths with entries
    private int[] v6Lengths = new int[0];
    private int size;
    private boolean frozen;

    /** Inserts or replaces the value for a prefix. */
    public void put(Cidr cidr, V value) {
        if (frozen) {
            throw new IllegalStateException("table is frozen");
        }
        if (value == null) {
            throw new IllegalArgumentException("null value");
        }
        IpAddress n = cidr.network();
        LengthTable[] tables = n.isV6() ? v6 : v4;
        LengthTable t = tables[cidr.prefixLength()];
        if (t == null) {
            t = new LengthTable(n.isV6());
            tables[cidr.prefixLength()] = t;
        }
        if (t.put(n.hi(), n.lo(), value)) {
            size++;
        }
    }

    /** Ends building: computes the probe order. Further puts are rejected. */
    public LongestPrefixTable<V> freeze() {
        v4Lengths = lengths(v4);
        v6Lengths = lengths(v6);
        frozen = true;
        return this;
    }

    private static int[] lengths(LengthTable[] tables) {
        return java.util.stream.IntStream.iterate(tables.length - 1, i -> i >= 0, i -> i - 1)
                .filter(i -> tables[i] != null).toArray();
    }

    /** Number of distinct prefixes. */
    public int size() {
        return size;
    }

    /** The value of the longest prefix containing the address, or null. IPv4-mapped IPv6 is looked up as IPv4. */
    public V lookup(IpAddress address) {
        Match<V> m = match(address);
        return m == null ? null : m.value();
    }

    /** Like {@link #lookup} but also says which prefix matched. */
    @SuppressWarnings("unchecked")
    public Match<V> match(IpAddress address) {
        IpAddress a = address.unmapped();
        boolean six = a.isV6();
        int[] order = six ? v6Lengths : v4Lengths;
        LengthTable[] tables = six ? v6 : v4;
        long hi = a.hi();
        long lo = a.lo();
        for (int length : order) {
            long mh;
            long ml;
            if (six) {
                mh = hi & Cidr.maskHi(length);
                ml = lo & Cidr.maskLo(length);
            } else {
                mh = 0L;
                ml = length == 0 ? 0L : lo & ((0xFFFF_FFFFL << (32 - length)) & 0xFFFF_FFFFL);
            }
            Object v = tables[length].get(mh, ml);
            if (v != null) {
                IpAddress network = six ? IpAddress.ofV6(mh, ml) : IpAddress.ofV4((int) ml);
                return new Match<>(new Cidr(network, length), (V) v);
            }
        }
        return null;
    }

    /** The matched prefix and its value. */
    public record Match<V>(Cidr prefix, V value) { }

    /**
     * Open addressing, linear probing, load factor at most 3/4. IPv4 keys are stored as ints (the high long
     * is always 0), IPv6 keys as two longs.
     */
    private static final class LengthTable {
        private final boolean wide;
        private int[] keys4;
        private long[] his;
        private long[] los;
        private Object[] values;
        private int count;

        LengthTable(boolean wide) {
            this.wide = wide;
            allocate(8);
        }

        private void allocate(int capacity) {
            values = new Object[capacity];
            if (wide) {
                his = new long[capacity];
                los = new long[capacity];
            } else {
                keys4 = new int[capacity];
            }
        }

        private boolean same(int i, long hi, long lo) {
            return wide ? his[i] == hi && los[i] == lo : keys4[i] == (int) lo;
        }

        boolean put(long hi, long lo, Object value) {
            if ((count + 1) * 4L > values.length * 3L) {
                grow();
            }
            int mask = values.length - 1;
            int i = slot(hi, lo) & mask;
            while (values[i] != null) {
                if (same(i, hi, lo)) {
                    values[i] = value;
                    return false;
                }
                i = (i + 1) & mask;
            }
            if (wide) {
                his[i] = hi;
                los[i] = lo;
            } else {
                keys4[i] = (int) lo;
            }
            values[i] = value;
            count++;
            return true;
        }

        Object get(long hi, long lo) {
            Object[] vs = values;
            int mask = vs.length - 1;
            int i = slot(hi, lo) & mask;
            Object v;
            if (wide) {
                while ((v = vs[i]) != null) {
                    if (his[i] == hi && los[i] == lo) {
                        return v;
                    }
                    i = (i + 1) & mask;
                }
            } else {
                int k = (int) lo;
                while ((v = vs[i]) != null) {
                    if (keys4[i] == k) {
                        return v;
                    }
                    i = (i + 1) & mask;
                }
            }
            return null;
        }

        private void grow() {
            int[] oldKeys4 = keys4;
            long[] oldHis = his;
            long[] oldLos = los;
            Object[] oldValues = values;
            allocate(oldValues.length * 2);
            count = 0;
            for (int i = 0; i < oldValues.length; i++) {
                if (oldValues[i] != null) {
                    if (wide) {
                        put(oldHis[i], oldLos[i], oldValues[i]);
                    } else {
                        put(0L, oldKeys4[i] & 0xFFFF_FFFFL, oldValues[i]);
                    }
                }
            }
        }

        private static int slot(long hi, long lo) {
            long h = hi * 0x9E3779B97F4A7C15L + lo;
            h ^= h >>> 33;
            h *= 0xFF51AFD7ED558CCDL;
            h ^= h >>> 33;
            return (int) h;
        }
    }

    @Override
    public String toString() {
        return "LongestPrefixTable[size=" + size + ", v4 lengths=" + Arrays.toString(v4Lengths)
                + ", v6 lengths=" + Arrays.toString(v6Lengths) + "]";
    }
}

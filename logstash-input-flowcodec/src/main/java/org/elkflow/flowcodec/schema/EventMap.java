package org.elkflow.flowcodec.schema;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The map every event (and every object inside one) is built of: a mutable {@code Map<String, Object>} that
 * keeps its entries in two arrays, in insertion order.
 *
 * <p>Why not {@link java.util.HashMap}: an event is ~15 small maps holding ~40 values, built once and then read
 * once, entry by entry, by whoever copies it into its own event type (Logstash's consumer does exactly that).
 * A HashMap spends a 32-byte node per entry plus a table per map, and iterating it scans the table; here a map
 * is one object and one array, and iteration walks the array. A 64-bit mask of the keys' hash bits lets most
 * puts of a new key skip the key comparisons; lookups compare the keys' cached hash codes first; maps with more
 * than {@link #INDEXED_FROM} entries (wide templates) also keep an open-addressing index, so that building or
 * reading them stays linear.
 *
 * <p>It is a complete {@link Map}: {@code put} replaces an existing key's value in place, entries and iterators
 * support {@code setValue} and {@code remove}, {@code equals}/{@code hashCode}/{@code toString} are
 * {@link AbstractMap}'s (equal to any map with the same mappings). Keys are non-null Strings; a null key or a
 * non-String key is rejected. Not thread-safe, like HashMap.
 */
final class EventMap extends AbstractMap<String, Object> {

    /** Above this many entries, lookups go through {@link #index} instead of scanning the keys. */
    static final int INDEXED_FROM = 16;

    /** Key of entry i at 2i, its value at 2i + 1. */
    private Object[] slots;
    private int size;
    /**
     * One bit per key present, chosen by 6 bits of its hash: a key whose bit is clear is certainly absent, so
     * most puts into a map being built append without comparing keys.
     */
    private long keyBits;
    /** Slot → entry position + 1 (0 = empty), linear probing; null while the map is small. */
    private int[] index;

    EventMap(int expectedEntries) {
        slots = new Object[2 * Math.max(1, expectedEntries)];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String && find((String) key) >= 0;
    }

    @Override
    public Object get(Object key) {
        if (!(key instanceof String)) {
            return null;
        }
        int at = find((String) key);
        return at >= 0 ? slots[2 * at + 1] : null;
    }

    @Override
    public Object put(String key, Object value) {
        if (key == null) {
            throw new NullPointerException("event map keys must not be null");
        }
        int at = find(key);
        if (at >= 0) {
            Object old = slots[2 * at + 1];
            slots[2 * at + 1] = value;
            return old;
        }
        add(key, value);
        return null;
    }

    @Override
    public Object remove(Object key) {
        if (!(key instanceof String)) {
            return null;
        }
        int at = find((String) key);
        if (at < 0) {
            return null;
        }
        Object old = slots[2 * at + 1];
        removeAt(at);
        return old;
    }

    @Override
    public void clear() {
        Arrays.fill(slots, 0, 2 * size, null);
        size = 0;
        keyBits = 0;
        index = null;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        Object[] s = slots;
        for (int i = 0; i < size; i++) {
            action.accept((String) s[2 * i], s[2 * i + 1]);
        }
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Entries();
            }

            @Override
            public int size() {
                return size;
            }

            @Override
            public void clear() {
                EventMap.this.clear();
            }
        };
    }

    private String keyAt(int at) {
        return (String) slots[2 * at];
    }

    private static long bit(int hash) {
        return 1L << ((hash ^ (hash >>> 6) ^ (hash >>> 12)) & 63);
    }

    /** Position of {@code key}, or -1. */
    private int find(String key) {
        int h = key.hashCode();
        if ((keyBits & bit(h)) == 0) {
            return -1;
        }
        if (index != null) {
            int mask = index.length - 1;
            for (int slot = spread(h) & mask; ; slot = (slot + 1) & mask) {
                int at = index[slot] - 1;
                if (at < 0) {
                    return -1;
                }
                if (equal(keyAt(at), key, h)) {
                    return at;
                }
            }
        }
        for (int i = 0; i < size; i++) {
            if (equal(keyAt(i), key, h)) {
                return i;
            }
        }
        return -1;
    }

    /** String hash codes are cached in the String, so comparing them first is cheap. */
    private static boolean equal(String a, String b, int bHash) {
        return a == b || (a.hashCode() == bHash && a.equals(b));
    }

    private void add(String key, Object value) {
        if (2 * size == slots.length) {
            slots = Arrays.copyOf(slots, 2 * (size + Math.max(2, size >> 1)));
        }
        slots[2 * size] = key;
        slots[2 * size + 1] = value;
        keyBits |= bit(key.hashCode());
        size++;
        if (index != null) {
            if (size * 2 > index.length) {
                rebuildIndex();
            } else {
                indexPosition(size - 1);
            }
        } else if (size > INDEXED_FROM) {
            rebuildIndex();
        }
    }

    private void removeAt(int at) {
        System.arraycopy(slots, 2 * at + 2, slots, 2 * at, 2 * (size - at - 1));
        size--;
        slots[2 * size] = null;
        slots[2 * size + 1] = null;
        // Positions after the removed entry moved, and its key bit may be shared: rebuild both (removal is rare).
        keyBits = 0;
        for (int i = 0; i < size; i++) {
            keyBits |= bit(keyAt(i).hashCode());
        }
        if (index != null) {
            if (size > INDEXED_FROM) {
                rebuildIndex();
            } else {
                index = null;
            }
        }
    }

    private void rebuildIndex() {
        // At most half full, so that probe runs stay short.
        index = new int[Integer.highestOneBit(Math.max(4, size) * 4 - 1)];
        for (int i = 0; i < size; i++) {
            indexPosition(i);
        }
    }

    private void indexPosition(int at) {
        int mask = index.length - 1;
        int slot = spread(keyAt(at).hashCode()) & mask;
        while (index[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        index[slot] = at + 1;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    /** Iterates positions in order; {@code remove} takes out the last returned entry. */
    private final class Entries implements Iterator<Map.Entry<String, Object>> {
        private int next;
        private int last = -1;

        @Override
        public boolean hasNext() {
            return next < size;
        }

        @Override
        public Map.Entry<String, Object> next() {
            if (next >= size) {
                throw new NoSuchElementException();
            }
            last = next++;
            return new Entry(keyAt(last), slots[2 * last + 1]);
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException("next() has not been called, or remove() was already called");
            }
            removeAt(last);
            next = last;
            last = -1;
        }
    }

    /** An entry as returned by the iterator; {@code setValue} writes through to the map. */
    private final class Entry extends AbstractMap.SimpleEntry<String, Object> {
        private static final long serialVersionUID = 1L;

        Entry(String key, Object value) {
            super(key, value);
        }

        @Override
        public Object setValue(Object value) {
            put(getKey(), value);
            return super.setValue(value);
        }
    }
}

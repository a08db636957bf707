package org.elkflow.infraenrich.inventory;

import org.elkflow.infraenrich.net.Cidr;
import org.elkflow.infraenrich.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LongestPrefixTableTest {

    @Test
    void longestPrefixWinsAndLaterPutReplaces() {
        LongestPrefixTable<String> t = new LongestPrefixTable<>();
        t.put(Cidr.parse("10.0.0.0/8"), "a");
        t.put(Cidr.parse("10.1.0.0/16"), "b");
        t.put(Cidr.parse("10.1.2.0/24"), "c");
        t.put(Cidr.parse("10.1.2.3"), "d");
        t.put(Cidr.parse("10.1.0.0/16"), "b2");
        t.put(Cidr.parse("2001:db8::/32"), "v6");
        t.put(Cidr.parse("2001:db8:1::/48"), "v6b");
        t.freeze();
        assertEquals(6, t.size());
        assertEquals("a", t.lookup(IpAddress.parse("10.200.0.1")));
        assertEquals("b2", t.lookup(IpAddress.parse("10.1.200.1")));
        assertEquals("c", t.lookup(IpAddress.parse("10.1.2.4")));
        assertEquals("d", t.lookup(IpAddress.parse("10.1.2.3")));
        assertEquals("d", t.lookup(IpAddress.parse("::ffff:10.1.2.3")));
        assertNull(t.lookup(IpAddress.parse("11.0.0.1")));
        assertEquals("v6b", t.lookup(IpAddress.parse("2001:db8:1::5")));
        assertEquals("v6", t.lookup(IpAddress.parse("2001:db8:2::5")));
        assertNull(t.lookup(IpAddress.parse("2001:db9::1")));
        assertEquals("10.1.2.0/24", t.match(IpAddress.parse("10.1.2.9")).prefix().toString());
    }

    @Test
    void defaultRoutesMatchEverythingOfTheirFamily() {
        LongestPrefixTable<String> t = new LongestPrefixTable<>();
        t.put(Cidr.parse("0.0.0.0/0"), "any4");
        t.put(Cidr.parse("::/0"), "any6");
        t.freeze();
        assertEquals("any4", t.lookup(IpAddress.parse("203.0.113.9")));
        assertEquals("any6", t.lookup(IpAddress.parse("2a02::1")));
    }

    /** 100k overlapping IPv4/IPv6 prefixes; every answer equals a brute-force longest match. */
    @Test
    void agreesWithBruteForceOn100kGeneratedPrefixes() {
        List<GeneratedInventory.Entry> entries = GeneratedInventory.generate(100_000, 42);
        LongestPrefixTable<String> t = new LongestPrefixTable<>();
        Map<Cidr, String> reference = new HashMap<>();
        for (GeneratedInventory.Entry e : entries) {
            t.put(e.cidr(), e.host());
            reference.put(e.cidr(), e.host()); // later wins in both
        }
        t.freeze();
        assertEquals(reference.size(), t.size());
        // brute force per query: try every length against the reference map
        IpAddress[] queries = GeneratedInventory.queries(20_000, 7);
        int hits = 0;
        for (IpAddress q : queries) {
            String expected = null;
            for (int len = q.width(); len >= 0 && expected == null; len--) {
                expected = reference.get(Cidr.of(q, len));
            }
            assertEquals(expected, t.lookup(q), q.toString());
            hits += expected == null ? 0 : 1;
        }
        // and every inserted network address finds its own prefix or a longer one
        for (GeneratedInventory.Entry e : entries.subList(0, 5_000)) {
            LongestPrefixTable.Match<String> m = t.match(e.cidr().network());
            assertEquals(true, m.prefix().prefixLength() >= e.cidr().prefixLength(), e.cidr().toString());
        }
        assertEquals(true, hits > queries.length / 2, "queries should mostly hit: " + hits);
    }
}

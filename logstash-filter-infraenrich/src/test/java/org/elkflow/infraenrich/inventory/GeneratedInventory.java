package org.elkflow.infraenrich.inventory;

import org.elkflow.infraenrich.net.Cidr;
import org.elkflow.infraenrich.net.IpAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic synthetic inventories: nested IPv4 prefixes (/8 … /32, many overlapping) and IPv6
 * prefixes (/32 … /128), with the attributes of a real inventory. Also writes them as CSV.
 */
public final class GeneratedInventory {

    public record Entry(Cidr cidr, String host, String role, String project, String owner, String site,
                        String cluster, String deviceType) {
        public String csv() {
            return String.join(",", cidr.toString(), host, role, project, owner, site, cluster, deviceType);
        }
    }

    public static final String CSV_HEADER = "cidr,host,role,project,owner,site,cluster,device_type";
    private static final String[] ROLES = {"web", "db", "cache", "storage", "batch", "edge"};
    private static final String[] SITES = {"ams1", "fra2", "sjc1", "iad3", "sin1"};
    private static final String[] TYPES = {"server", "router", "load_balancer", "switch", "firewall"};

    private GeneratedInventory() { }

    /**
     * n distinct prefixes; about 1/8 IPv6; IPv4 prefixes cluster under a few /8s so they overlap heavily
     * (nested /8 … /32).
     */
    public static List<Entry> generate(int n, long seed) {
        Random r = new Random(seed);
        List<Entry> out = new ArrayList<>(n);
        java.util.Set<Cidr> seen = new java.util.HashSet<>(n * 2);
        for (int i = 0; out.size() < n; i++) {
            Cidr cidr;
            if (i % 8 == 7) {
                long hi = 0x2001_0db8_0000_0000L | ((long) r.nextInt(1 << 16) << 16) | r.nextInt(1 << 16);
                long lo = r.nextLong();
                int len = new int[] {32, 48, 56, 64, 64, 96, 112, 128}[r.nextInt(8)];
                cidr = Cidr.of(IpAddress.ofV6(hi, lo), len);
            } else {
                int first = new int[] {10, 10, 10, 172, 100, 81}[r.nextInt(6)];
                int addr = (first << 24) | r.nextInt(1 << 24);
                int len = new int[] {8, 12, 16, 20, 22, 24, 24, 24, 26, 28, 30, 32}[r.nextInt(12)];
                cidr = Cidr.of(IpAddress.ofV4(addr), len);
            }
            if (!seen.add(cidr)) {
                continue;
            }
            String site = SITES[r.nextInt(SITES.length)];
            out.add(new Entry(cidr, "host-" + i + "." + site, ROLES[r.nextInt(ROLES.length)], "proj" + r.nextInt(50),
                    "team" + r.nextInt(20), site, site + "-c" + r.nextInt(8), TYPES[r.nextInt(TYPES.length)]));
        }
        return out;
    }

    public static String csv(List<Entry> entries) {
        StringBuilder b = new StringBuilder(entries.size() * 80).append(CSV_HEADER).append('\n');
        for (Entry e : entries) {
            b.append(e.csv()).append('\n');
        }
        return b.toString();
    }

    /** Random addresses: mostly inside the generated space so lookups hit at various depths. */
    public static IpAddress[] queries(int n, long seed) {
        Random r = new Random(seed);
        IpAddress[] q = new IpAddress[n];
        for (int i = 0; i < n; i++) {
            if (i % 8 == 7) {
                long hi = 0x2001_0db8_0000_0000L | ((long) r.nextInt(1 << 16) << 16) | r.nextInt(1 << 16);
                q[i] = IpAddress.ofV6(hi, r.nextLong());
            } else {
                int first = new int[] {10, 10, 172, 100, 81, 8}[r.nextInt(6)];
                q[i] = IpAddress.ofV4((first << 24) | r.nextInt(1 << 24));
            }
        }
        return q;
    }
}

package org.elkflow.infraenrich.bench;

import org.elkflow.infraenrich.SharedData;
import org.elkflow.infraenrich.enrich.CacheMetrics;
import org.elkflow.infraenrich.enrich.Enricher;
import org.elkflow.infraenrich.enrich.Enrichment;
import org.elkflow.infraenrich.geo.GeoDatabase;
import org.elkflow.infraenrich.geo.GeoListener;
import org.elkflow.infraenrich.inventory.FileInventorySource;
import org.elkflow.infraenrich.inventory.GeneratedInventory;
import org.elkflow.infraenrich.inventory.Inventory;
import org.elkflow.infraenrich.inventory.InventoryListener;
import org.elkflow.infraenrich.net.IpAddress;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * IP enrichments per second on one thread (= per core): a flow event carries 3 IPs (source, destination,
 * observer); the inventory holds 100k generated CIDRs (overlapping IPv4 and IPv6), plus the MaxMind City and
 * ASN test databases. Scores are in IP enrichments per second (3 per event, see OperationsPerInvocation).
 * <ul>
 *   <li>{@code warm}: every IP is in the Caffeine cache.</li>
 *   <li>{@code repeat90}: 90 % of IPs come from a hot set of 10k, 10 % are new (cache misses that do the full
 *       inventory + GeoIP + ASN lookup and insert into the cache, with evictions).</li>
 *   <li>{@code cold}: cache disabled, every IP does the full inventory + GeoIP + ASN lookup; all IPs are public
 *       (a quarter of them present in the City/ASN test databases), so none skips the GeoIP lookups.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EnrichBenchmark {

    private static final int EVENTS = 1 << 16;

    @Param({"100000"})
    public int prefixes;

    private Path dir;
    private Enricher cached;
    private Enricher uncached;
    private String[] hot;
    private String[] mixed;
    private String[] coldIps;
    private int i;
    private int fresh;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("infraenrich-bench");
        Path csv = dir.resolve("inventory.csv");
        Files.writeString(csv, GeneratedInventory.csv(GeneratedInventory.generate(prefixes, 1)));
        cached = enricher(csv, 100_000);
        uncached = enricher(csv, 0);

        Random r = new Random(2);
        IpAddress[] pool = GeneratedInventory.queries(2_000_000, 3);
        String[] geoIps = {"81.2.69.142", "89.160.20.112", "216.160.83.56", "2001:218::1", "1.128.0.1",
                "175.16.199.0", "67.43.156.1", "2a02:cf40::1"};
        hot = new String[10_000];
        for (int k = 0; k < hot.length; k++) {
            hot[k] = k % 10 == 0 ? geoIps[k % geoIps.length] : pool[k].toString();
        }
        mixed = new String[EVENTS * 3];
        coldIps = new String[EVENTS * 3];
        for (int k = 0; k < mixed.length; k++) {
            mixed[k] = r.nextInt(10) == 0 ? null : hot[r.nextInt(hot.length)]; // null: a never-seen IP
            if (k % 4 == 0) {
                coldIps[k] = geoIps[r.nextInt(geoIps.length)]; // present in City and (mostly) ASN
            } else {
                IpAddress a;
                do {
                    a = pool[hot.length + r.nextInt(pool.length - hot.length)];
                } while (a.isNonPublic());
                coldIps[k] = a.toString();
            }
        }
        for (String ip : hot) {
            cached.enrich(ip);
        }
    }

    private static Enricher enricher(Path csv, long cacheSize) throws Exception {
        Inventory inventory = new Inventory(List.of(new FileInventorySource(csv)), InventoryListener.NONE);
        inventory.load();
        return new Enricher(inventory, GeoDatabase.open(SharedData.geoip("GeoLite2-City-Test.mmdb"), GeoListener.NONE),
                GeoDatabase.open(SharedData.geoip("GeoLite2-ASN-Test.mmdb"), GeoListener.NONE), cacheSize,
                Duration.ofHours(1), CacheMetrics.NONE);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        cached.close();
        uncached.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /** A new address every call (walks 81.0.0.0/8 and 100.0.0.0/8, public, partly in the inventory). */
    private String freshIp() {
        int n = fresh++;
        return ((n & 1) == 0 ? "81." : "100.") + ((n >>> 17) & 0xFF) + "." + ((n >>> 9) & 0xFF) + "." + ((n >>> 1) & 0xFF);
    }

    private String ip(String[] ips, int k) {
        String ip = ips[k];
        return ip != null ? ip : freshIp();
    }

    private void event(Enricher enricher, String[] ips, Blackhole bh) {
        int base = (i++ & (EVENTS - 1)) * 3;
        Enricher.State s = enricher.state();
        Enrichment a = enricher.enrich(s, ip(ips, base));
        Enrichment b = enricher.enrich(s, ip(ips, base + 1));
        Enrichment c = enricher.enrich(s, ip(ips, base + 2));
        bh.consume(a);
        bh.consume(b);
        bh.consume(c);
    }

    @Benchmark
    @OperationsPerInvocation(3)
    public void warm(Blackhole bh) {
        int base = ((i++ & 0xFFFFFF) * 3) % (hot.length - 3);
        Enricher.State s = cached.state();
        bh.consume(cached.enrich(s, hot[base]));
        bh.consume(cached.enrich(s, hot[base + 1]));
        bh.consume(cached.enrich(s, hot[base + 2]));
    }

    @Benchmark
    @OperationsPerInvocation(3)
    public void repeat90(Blackhole bh) {
        event(cached, mixed, bh);
    }

    @Benchmark
    @OperationsPerInvocation(3)
    public void cold(Blackhole bh) {
        event(uncached, coldIps, bh);
    }
}

package org.elkflow.infraenrich.bench;

import org.openjdk.jmh.infra.Blackhole;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The same three scenarios as {@link EnrichBenchmark}, timed in CPU time of the measuring thread rather than
 * wall-clock time: "IP enrichments per CPU-second" is the per-core figure even on a machine shared with other
 * builds (where JMH's wall-clock scores drop with every competing process). Warm-up rounds first, then the
 * median of the measured rounds.
 */
public final class CpuTimeRun {

    private CpuTimeRun() { }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        EnrichBenchmark b = new EnrichBenchmark();
        b.prefixes = 100_000;
        b.setUp();
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        try {
            for (String scenario : new String[] {"warm", "repeat90", "cold"}) {
                double[] results = new double[rounds];
                for (int round = -2; round < rounds; round++) { // two warm-up rounds
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    long ops = 0;
                    while (mx.getCurrentThreadCpuTime() - cpu0 < 1_000_000_000L) {
                        for (int k = 0; k < 2_000; k++) {
                            switch (scenario) {
                                case "warm" -> b.warm(bh);
                                case "repeat90" -> b.repeat90(bh);
                                default -> b.cold(bh);
                            }
                        }
                        ops += 2_000;
                    }
                    double cpuSeconds = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
                    if (round >= 0) {
                        results[round] = ops * 3 / cpuSeconds;
                    }
                }
                java.util.Arrays.sort(results);
                System.out.printf("cpu-time %-9s %,12.0f IP enrichments per CPU-second (median of %d; min %,.0f, max %,.0f)%n",
                        scenario, results[rounds / 2], rounds, results[0], results[rounds - 1]);
            }
            filterScenario(mx, rounds);
        } finally {
            b.tearDown();
        }
    }

    /**
     * The whole filter on fresh test-kit events with 3 IPs from a hot set (all cached): getField, cached
     * lookup, setField of the infra/geo/as objects, Community ID (SHA-1 per event). Reported per IP, like the
     * other scenarios.
     */
    private static void filterScenario(ThreadMXBean mx, int rounds) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("infraenrich-bench-filter");
        java.nio.file.Path csv = dir.resolve("inventory.csv");
        java.nio.file.Files.writeString(csv, org.elkflow.infraenrich.inventory.GeneratedInventory.csv(
                org.elkflow.infraenrich.inventory.GeneratedInventory.generate(100_000, 1)));
        java.util.Map<String, Object> settings = java.util.Map.of("inventory", java.util.List.of(csv.toString()),
                "geoip_database", org.elkflow.infraenrich.SharedData.geoip("GeoLite2-City-Test.mmdb").toString(),
                "asn_database", org.elkflow.infraenrich.SharedData.geoip("GeoLite2-ASN-Test.mmdb").toString());
        org.elkflow.infraenrich.filter.InfraEnrich filter = org.elkflow.logstash.testkit.Plugins.create(
                org.elkflow.infraenrich.filter.InfraEnrich.class, settings, new org.elkflow.logstash.testkit.TestContext());
        org.elkflow.infraenrich.net.IpAddress[] pool = org.elkflow.infraenrich.inventory.GeneratedInventory.queries(3_000, 4);
        String[] geo = {"81.2.69.142", "89.160.20.112", "216.160.83.56", "2001:218::1"};
        java.util.List<co.elastic.logstash.api.Event> batch = new java.util.ArrayList<>(1);
        double[] results = new double[rounds];
        int perRound = 250_000;
        try {
            for (int round = -2; round < rounds; round++) {
                // fresh events every round (built outside the timed part), as events arrive in a pipeline
                org.elkflow.logstash.testkit.TestEvent[] events = new org.elkflow.logstash.testkit.TestEvent[perRound];
                for (int k = 0; k < perRound; k++) {
                    events[k] = new org.elkflow.logstash.testkit.TestEvent(java.util.Map.of(
                            "source", java.util.Map.of("ip", pool[k % pool.length].toString(), "port", 40000L + k % 20000),
                            "destination", java.util.Map.of("ip", geo[k % geo.length], "port", 443L),
                            "observer", java.util.Map.of("ip", pool[(k * 7) % 50].toString()),
                            "network", java.util.Map.of("iana_number", "6")));
                }
                long cpu0 = mx.getCurrentThreadCpuTime();
                int n = 0;
                while (n < perRound && (n % 1000 != 0 || mx.getCurrentThreadCpuTime() - cpu0 < 1_000_000_000L)) {
                    batch.clear();
                    batch.add(events[n++]);
                    filter.filter(batch, e -> { });
                }
                double cpuSeconds = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
                if (round >= 0) {
                    results[round] = n * 3 / cpuSeconds;
                }
            }
        } finally {
            filter.close();
        }
        java.util.Arrays.sort(results);
        System.out.printf("cpu-time %-9s %,12.0f IP enrichments per CPU-second (median of %d; min %,.0f, max %,.0f;"
                        + " whole filter on test-kit events incl. setField and Community ID)%n",
                "filter", results[rounds / 2], rounds, results[0], results[rounds - 1]);
    }
}

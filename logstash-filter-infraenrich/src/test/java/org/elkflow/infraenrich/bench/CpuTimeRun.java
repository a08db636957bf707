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
        } finally {
            b.tearDown();
        }
    }
}

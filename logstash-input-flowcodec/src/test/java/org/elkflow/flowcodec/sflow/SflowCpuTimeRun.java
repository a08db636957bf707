package org.elkflow.flowcodec.sflow;

import org.elkflow.flowcodec.bench.CpuTimeRound;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The {@link SflowDecodeBenchmark} workloads timed in CPU time of the measuring thread instead of wall time, so
 * the figure is samples per CPU-second (one core) even when other builds share the machine. Not a test.
 * Usage: {@code java -cp ... org.elkflow.flowcodec.sflow.SflowCpuTimeRun [seconds per workload, default 10]}.
 */
public final class SflowCpuTimeRun {

    private SflowCpuTimeRun() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        SflowDecodeBenchmark b = new SflowDecodeBenchmark();
        b.setUp();
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        for (String workload : new String[] {"decodeOnly", "decodeAndMap"}) {
            Runnable op = "decodeOnly".equals(workload) ? () -> b.decodeOnly(bh) : () -> b.decodeAndMap(bh);
            for (int round = 0; round < 4; round++) { // round 0 is warm-up
                CpuTimeRound r = CpuTimeRound.measure(op, (long) (seconds * 1e9 / 4));
                if (round > 0) {
                    double samples = r.ops() * SflowDecodeBenchmark.SAMPLES;
                    System.out.printf("%-13s round %d: %,.0f samples per thread CPU-second, %,.0f per process"
                            + " CPU-second (GC and JIT included), %,.0f per wall second%n", workload, round,
                            samples / (r.threadCpuNanos() / 1e9), samples / (r.processCpuNanos() / 1e9),
                            samples / (r.wallNanos() / 1e9));
                }
            }
        }
        bh.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
    }
}

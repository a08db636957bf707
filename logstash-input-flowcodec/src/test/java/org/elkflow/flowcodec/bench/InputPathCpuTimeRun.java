package org.elkflow.flowcodec.bench;

import org.openjdk.jmh.infra.Blackhole;

/**
 * The {@link InputPathBenchmark} workloads timed in CPU time instead of wall time, so that the figure holds while
 * other builds share the machine: ns of the measuring thread's CPU per flow, and ns of the whole process's CPU per
 * flow (garbage collection and JIT threads included; the run is single-threaded, so the difference is mostly the
 * collector's work for the allocation the path does). Not a test.
 * Usage: {@code java -cp ... org.elkflow.flowcodec.bench.InputPathCpuTimeRun [seconds per workload, default 8]
 * [protocol, default v9]}.
 */
public final class InputPathCpuTimeRun {

    private InputPathCpuTimeRun() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 8;
        InputPathBenchmark b = new InputPathBenchmark();
        b.protocol = args.length > 1 ? args[1] : "v9";
        b.setUp();
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        String[] workloads = {"decodeAndMap", "fullPath"};
        for (String workload : workloads) {
            Runnable op = "decodeAndMap".equals(workload) ? () -> b.decodeAndMap(bh) : () -> bh.consume(b.fullPath());
            for (int round = 0; round < 4; round++) { // round 0 is warm-up
                CpuTimeRound r = CpuTimeRound.measure(op, (long) (seconds * 1e9 / 4));
                if (round > 0) {
                    double flows = r.ops() * (double) InputPathBenchmark.FLOWS;
                    System.out.printf("%s %-12s round %d: %7.1f ns thread CPU per flow, %7.1f ns process CPU per"
                                    + " flow (GC and JIT included)%n", b.protocol, workload, round,
                            r.threadCpuNanos() / flows, r.processCpuNanos() / flows);
                }
            }
        }
        bh.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
    }
}

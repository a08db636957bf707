package org.elkflow.infraenrich.bench;

/**
 * Runs the inventory memory measurement, the CPU-time run, then the JMH benchmarks (arguments are passed to JMH, e.g.
 * "-f 1 -wi 2 -i 3"). Not part of the test suite: see the module README for the command.
 */
public final class EnrichBenchmarkMain {

    private EnrichBenchmarkMain() { }

    public static void main(String[] args) throws Exception {
        InventoryMemory.main(new String[0]);
        CpuTimeRun.main(new String[0]);
        String[] jmh = new String[args.length + 1];
        System.arraycopy(args, 0, jmh, 0, args.length);
        jmh[args.length] = EnrichBenchmark.class.getName();
        org.openjdk.jmh.Main.main(jmh);
    }
}

package org.elkflow.flowcodec.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * One measuring round of the CPU-time runs ({@link InputPathCpuTimeRun}, {@code SflowCpuTimeRun}): runs an
 * operation in batches of 1000 until the calling thread has used the given CPU time, and records the thread's CPU,
 * the whole process's CPU (GC and JIT threads included) and the wall time it took. CPU time rather than wall time
 * keeps the figures meaningful while other builds share the machine.
 */
public record CpuTimeRound(long ops, long threadCpuNanos, long processCpuNanos, long wallNanos) {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public static CpuTimeRound measure(Runnable op, long threadCpuBudgetNanos) {
        long processStart = PROCESS.getProcessCpuTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        long ops = 0;
        while (THREADS.getCurrentThreadCpuTime() - cpuStart < threadCpuBudgetNanos) {
            for (int i = 0; i < 1000; i++) {
                op.run();
            }
            ops += 1000;
        }
        return new CpuTimeRound(ops, THREADS.getCurrentThreadCpuTime() - cpuStart,
                PROCESS.getProcessCpuTime() - processStart, System.nanoTime() - wallStart);
    }
}

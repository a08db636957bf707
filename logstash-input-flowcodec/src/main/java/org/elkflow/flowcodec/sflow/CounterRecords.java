package org.elkflow.flowcodec.sflow;

/**
 * The standard (enterprise 0) counter records of sFlow v5 and the sFlow host structures, as value types.
 * 64-bit counters are Java longs; values of 2<sup>63</sup> and above (not seen in practice) come back negative.
 */
public final class CounterRecords {

    private CounterRecords() {
    }

    /** Format 1, generic interface counters (RFC 2233 ifTable / ifXTable). */
    public record GenericInterface(long ifIndex, long ifType, long ifSpeed, long ifDirection, long ifStatus,
                                   long inOctets, long inUnicastPackets, long inMulticastPackets,
                                   long inBroadcastPackets, long inDiscards, long inErrors, long inUnknownProtocols,
                                   long outOctets, long outUnicastPackets, long outMulticastPackets,
                                   long outBroadcastPackets, long outDiscards, long outErrors,
                                   long promiscuousMode) {

        public boolean adminUp() {
            return (ifStatus & 1) != 0;
        }

        public boolean operUp() {
            return (ifStatus & 2) != 0;
        }
    }

    /** Format 2, Ethernet interface counters (RFC 2358 dot3StatsTable). */
    public record Ethernet(long alignmentErrors, long fcsErrors, long singleCollisionFrames,
                           long multipleCollisionFrames, long sqeTestErrors, long deferredTransmissions,
                           long lateCollisions, long excessiveCollisions, long internalMacTransmitErrors,
                           long carrierSenseErrors, long frameTooLongs, long internalMacReceiveErrors,
                           long symbolErrors) {
    }

    /** Format 5, VLAN counters. */
    public record Vlan(long vlanId, long octets, long unicastPackets, long multicastPackets, long broadcastPackets,
                       long discards) {
    }

    /** Format 1001, processor counters; CPU in hundredths of a percent, memory in bytes. */
    public record Processor(long cpu5s, long cpu1m, long cpu5m, long totalMemory, long freeMemory) {
    }

    /** Format 2000, host description. */
    public record HostDescription(String hostname, String uuid, long machineType, long osName, String osRelease) {
    }

    /** Format 2003, host CPU; load averages are IEEE floats on the wire, times in milliseconds. */
    public record HostCpu(double loadOne, double loadFive, double loadFifteen, long procRun, long procTotal,
                          long cpuNum, long cpuSpeed, long uptime, long cpuUser, long cpuNice, long cpuSystem,
                          long cpuIdle, long cpuWio, long cpuIntr, long cpuSoftIntr, long interrupts,
                          long contexts) {
    }

    /** Format 2004, host memory in bytes and page/swap counts. */
    public record HostMemory(long total, long free, long shared, long buffers, long cached, long swapTotal,
                             long swapFree, long pageIn, long pageOut, long swapIn, long swapOut) {
    }

    /** Format 2005, host disk I/O. {@code partMaxUsed} in hundredths of a percent. */
    public record HostDiskIo(long diskTotal, long diskFree, long partMaxUsed, long reads, long bytesRead,
                             long readTime, long writes, long bytesWritten, long writeTime) {
    }

    /** Format 2006, host network I/O. */
    public record HostNetIo(long bytesIn, long packetsIn, long errorsIn, long dropsIn, long bytesOut,
                            long packetsOut, long errorsOut, long dropsOut) {
    }
}

package org.elkflow.flowcodec.sflow;

import java.util.ArrayList;
import java.util.List;

import org.elkflow.flowcodec.sflow.CounterRecords.Ethernet;
import org.elkflow.flowcodec.sflow.CounterRecords.GenericInterface;
import org.elkflow.flowcodec.sflow.CounterRecords.HostCpu;
import org.elkflow.flowcodec.sflow.CounterRecords.HostDescription;
import org.elkflow.flowcodec.sflow.CounterRecords.HostDiskIo;
import org.elkflow.flowcodec.sflow.CounterRecords.HostMemory;
import org.elkflow.flowcodec.sflow.CounterRecords.HostNetIo;
import org.elkflow.flowcodec.sflow.CounterRecords.Processor;
import org.elkflow.flowcodec.sflow.CounterRecords.Vlan;

/**
 * A counter sample (format 2) or expanded counter sample (format 4). Record kinds absent from the sample are
 * null; when a kind repeats, the first one is kept.
 */
public record CounterSample(long sequenceNumber, boolean expanded, long sourceIdType, long sourceIdIndex,
                            GenericInterface genericInterface, Ethernet ethernet, Vlan vlan, Processor processor,
                            HostDescription hostDescription, HostCpu hostCpu, HostMemory hostMemory,
                            HostDiskIo hostDiskIo, HostNetIo hostNetIo, int skippedRecords)
        implements SflowSample {

    /** Names of the record kinds present, for logs and tests ({@code generic_interface}, {@code processor} ...). */
    public List<String> recordKinds() {
        List<String> kinds = new ArrayList<>();
        if (genericInterface != null) {
            kinds.add("generic_interface");
        }
        if (ethernet != null) {
            kinds.add("ethernet");
        }
        if (vlan != null) {
            kinds.add("vlan");
        }
        if (processor != null) {
            kinds.add("processor");
        }
        if (hostDescription != null) {
            kinds.add("host_description");
        }
        if (hostCpu != null) {
            kinds.add("host_cpu");
        }
        if (hostMemory != null) {
            kinds.add("host_memory");
        }
        if (hostDiskIo != null) {
            kinds.add("host_disk_io");
        }
        if (hostNetIo != null) {
            kinds.add("host_net_io");
        }
        return kinds;
    }
}

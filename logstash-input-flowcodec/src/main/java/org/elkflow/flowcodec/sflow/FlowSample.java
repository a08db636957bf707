package org.elkflow.flowcodec.sflow;

import org.elkflow.flowcodec.sflow.FlowRecords.ExtendedGateway;
import org.elkflow.flowcodec.sflow.FlowRecords.ExtendedRouter;
import org.elkflow.flowcodec.sflow.FlowRecords.ExtendedSwitch;
import org.elkflow.flowcodec.sflow.FlowRecords.ExtendedUrl;
import org.elkflow.flowcodec.sflow.FlowRecords.ExtendedUser;
import org.elkflow.flowcodec.sflow.FlowRecords.SampledEthernet;
import org.elkflow.flowcodec.sflow.FlowRecords.SampledIp;

/**
 * A flow sample (format 1) or expanded flow sample (format 3) with the records this decoder understands.
 * A record kind absent from the sample is null; when a sample repeats a kind, the first one is kept.
 * Filled by {@link SflowDecoder} and not changed afterwards.
 */
public final class FlowSample implements SflowSample {

    long sequenceNumber;
    boolean expanded;
    long sourceIdType;
    long sourceIdIndex;
    long samplingRate;
    long samplePool;
    long drops;
    InterfaceRef input;
    InterfaceRef output;
    SampledHeader header;
    SampledEthernet sampledEthernet;
    SampledIp sampledIpv4;
    SampledIp sampledIpv6;
    ExtendedSwitch extendedSwitch;
    ExtendedRouter extendedRouter;
    ExtendedGateway extendedGateway;
    ExtendedUser extendedUser;
    ExtendedUrl extendedUrl;
    int skippedRecords;

    FlowSample() {
    }

    @Override
    public long sequenceNumber() {
        return sequenceNumber;
    }

    @Override
    public boolean expanded() {
        return expanded;
    }

    @Override
    public long sourceIdType() {
        return sourceIdType;
    }

    @Override
    public long sourceIdIndex() {
        return sourceIdIndex;
    }

    /** One packet in {@code samplingRate} was sampled. */
    public long samplingRate() {
        return samplingRate;
    }

    /** Packets that could have been sampled (total seen by the data source). */
    public long samplePool() {
        return samplePool;
    }

    /** Samples the agent lost for lack of resources. */
    public long drops() {
        return drops;
    }

    public InterfaceRef input() {
        return input;
    }

    public InterfaceRef output() {
        return output;
    }

    /** The raw packet header record (format 1), parsed; null when the sample has none. */
    public SampledHeader header() {
        return header;
    }

    public SampledEthernet sampledEthernet() {
        return sampledEthernet;
    }

    public SampledIp sampledIpv4() {
        return sampledIpv4;
    }

    public SampledIp sampledIpv6() {
        return sampledIpv6;
    }

    public ExtendedSwitch extendedSwitch() {
        return extendedSwitch;
    }

    public ExtendedRouter extendedRouter() {
        return extendedRouter;
    }

    public ExtendedGateway extendedGateway() {
        return extendedGateway;
    }

    public ExtendedUser extendedUser() {
        return extendedUser;
    }

    public ExtendedUrl extendedUrl() {
        return extendedUrl;
    }

    @Override
    public int skippedRecords() {
        return skippedRecords;
    }

    /**
     * Length of the sampled packet: the raw header's frame length, else a sampled Ethernet/IP record's length,
     * else 0.
     */
    public long frameLength() {
        if (header != null) {
            return header.frameLength();
        }
        if (sampledEthernet != null) {
            return sampledEthernet.length();
        }
        if (sampledIpv4 != null) {
            return sampledIpv4.length();
        }
        if (sampledIpv6 != null) {
            return sampledIpv6.length();
        }
        return 0;
    }
}

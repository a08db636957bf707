package org.elkflow.flowcodec.sflow;

import java.util.List;

/**
 * One decoded sFlow v5 datagram.
 *
 * @param agentAddress   the agent's address as text (dotted quad / RFC 5952), null for the "unknown" type
 * @param agentIpVersion 4, 6, or 0 when unknown
 * @param subAgentId     distinguishes sub-agents of one agent
 * @param sequenceNumber datagram sequence number of that (sub-)agent
 * @param uptimeMillis   agent uptime when the datagram was sent
 * @param samples        the samples of known formats, in datagram order
 * @param skippedSamples samples skipped because their enterprise/format is unknown
 */
public record SflowDatagram(String agentAddress, int agentIpVersion, long subAgentId, long sequenceNumber,
                            long uptimeMillis, List<SflowSample> samples, int skippedSamples) {

    /** Records skipped inside the decoded samples plus samples skipped whole. */
    public int skippedTotal() {
        int total = skippedSamples;
        for (SflowSample sample : samples) {
            total += sample.skippedRecords();
        }
        return total;
    }
}

package org.elkflow.flowcodec.sflow;

import static org.elkflow.flowcodec.sflow.SflowTestSupport.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.elkflow.flowcodec.DecodeCounters;
import org.elkflow.flowcodec.DropReason;
import org.elkflow.flowcodec.FlowDatagramDecoder;
import org.elkflow.flowcodec.netflow.TemplateLimits;
import org.elkflow.flowcodec.schema.ElementRegistry;
import org.elkflow.flowcodec.schema.MappingOptions;
import org.elkflow.flowcodec.testing.CaptureGroups;
import org.elkflow.flowcodec.testing.SharedData;
import org.junit.jupiter.api.Test;

/** sFlow through {@link FlowDatagramDecoder}: dispatch by version, receive time, drops by reason. */
class SflowFacadeTest {

    private static FlowDatagramDecoder decoder(DecodeCounters counters, boolean upscale) {
        return new FlowDatagramDecoder(counters, MappingOptions.defaults().withUpscaleSampling(upscale),
                ElementRegistry.standard(), TemplateLimits.defaults(), () -> SflowTestSupport.RECEIVED_MILLIS);
    }

    @Test
    void sflowDatagramsAreDecodedWithTheInjectedReceiveTime() {
        DecodeCounters counters = new DecodeCounters();
        List<Map<String, Object>> events = new ArrayList<>();
        byte[] datagram = SharedData.capture("sflow/logstash-codec-sflow/sflow_flow_sample_eth_vlan.dat");
        int n = decoder(counters, true).decode(ByteBuffer.wrap(datagram), CaptureGroups.datExporter(), events::add);
        assertEquals(1, n);
        Map<String, Object> e = events.get(0);
        assertEquals("2026-11-21T06:00:00.000Z", e.get("@timestamp"));
        assertEquals("10.243.62.190", at(e, "observer.ip"), "the agent address, not the UDP source");
        assertEquals(62L * 2000, at(e, "network.bytes"));
        assertEquals(1, counters.datagramsDecoded());
        assertEquals(0, counters.droppedTotal());
    }

    @Test
    void anAgentOfUnknownAddressTypeIsObservedAtTheSendersAddress() throws Exception {
        byte[] d = new SflowDatagramBuilder().flowSample(1, 1, 2).build();
        byte[] unknownAgent = new byte[d.length - 4];
        System.arraycopy(d, 0, unknownAgent, 0, 4);                        // version
        System.arraycopy(d, 12, unknownAgent, 8, d.length - 12);           // after the IPv4 agent
        // address type 0 (unknown) in bytes 4..7, no address bytes
        List<Map<String, Object>> events = new ArrayList<>();
        DecodeCounters counters = new DecodeCounters();
        decoder(counters, false).decode(ByteBuffer.wrap(unknownAgent), CaptureGroups.datExporter(), events::add);
        assertEquals(1, events.size(), counters.toString());
        assertEquals("192.0.2.10", at(events.get(0), "observer.ip"));
        assertEquals(null, at(events.get(0), "sflow.agent_address"));
    }

    @Test
    void unknownRecordsAreCountedPerRecordAndTheDatagramStillDecodes() {
        DecodeCounters counters = new DecodeCounters();
        byte[] datagram = SharedData.capture("sflow/logstash-codec-sflow/sflow_counters_sample.dat");
        int n = decoder(counters, false).decode(ByteBuffer.wrap(datagram), null, e -> { });
        assertEquals(12, n);
        assertEquals(2, counters.dropped(DropReason.UNKNOWN_RECORD));
        assertEquals(12, counters.recordsDecoded());
    }

    @Test
    void malformedSflowIsDroppedWhole() {
        DecodeCounters counters = new DecodeCounters();
        byte[] datagram = SharedData.capture("sflow/logstash-codec-sflow/sflow_counters_sample.dat");
        List<Map<String, Object>> events = new ArrayList<>();
        int n = decoder(counters, false).decode(ByteBuffer.wrap(Arrays.copyOf(datagram, datagram.length - 10)),
                null, events::add);
        assertEquals(0, n);
        assertTrue(events.isEmpty(), "nothing emitted from a datagram that is dropped");
        assertEquals(1, counters.dropped(DropReason.MALFORMED));
    }
}

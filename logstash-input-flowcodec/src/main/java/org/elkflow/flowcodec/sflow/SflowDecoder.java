package org.elkflow.flowcodec.sflow;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.elkflow.flowcodec.DropReason;
import org.elkflow.flowcodec.sflow.CounterRecords.Ethernet;
import org.elkflow.flowcodec.sflow.CounterRecords.GenericInterface;
import org.elkflow.flowcodec.sflow.CounterRecords.HostCpu;
import org.elkflow.flowcodec.sflow.CounterRecords.HostDescription;
import org.elkflow.flowcodec.sflow.CounterRecords.HostDiskIo;
import org.elkflow.flowcodec.sflow.CounterRecords.HostMemory;
import org.elkflow.flowcodec.sflow.CounterRecords.HostNetIo;
import org.elkflow.flowcodec.sflow.CounterRecords.Processor;
import org.elkflow.flowcodec.sflow.CounterRecords.Vlan;
import org.elkflow.flowcodec.sflow.FlowRecords.AsPathSegment;
import org.elkflow.flowcodec.sflow.FlowRecords.ExtendedGateway;
import org.elkflow.flowcodec.sflow.FlowRecords.ExtendedRouter;
import org.elkflow.flowcodec.sflow.FlowRecords.ExtendedSwitch;
import org.elkflow.flowcodec.sflow.FlowRecords.ExtendedUrl;
import org.elkflow.flowcodec.sflow.FlowRecords.ExtendedUser;
import org.elkflow.flowcodec.sflow.FlowRecords.SampledEthernet;
import org.elkflow.flowcodec.sflow.FlowRecords.SampledIp;
import org.elkflow.flowcodec.wire.DatagramReader;
import org.elkflow.flowcodec.wire.MalformedDatagramException;

/**
 * Decodes sFlow version 5 datagrams (sflow.org, "sFlow Version 5", July 2004, plus the host structures) into
 * {@link SflowDatagram}s.
 *
 * <p>Every sample and record is framed by its own length: a sample or record of an unknown enterprise/format
 * is skipped by that length and counted ({@link SflowDatagram#skippedSamples()},
 * {@link SflowSample#skippedRecords()}). A length that runs past its enclosing structure, a count that cannot
 * fit in the bytes that remain, or a known record too short for its layout throws
 * {@link MalformedDatagramException}: the whole datagram is dropped. Counts are checked against the bytes
 * present before anything is sized from them. Bytes after the last declared sample are ignored.
 *
 * <p>Stateless; safe to share between threads.
 */
public final class SflowDecoder {

    public static final long VERSION = 5;

    private static final int SAMPLE_FLOW = 1;
    private static final int SAMPLE_COUNTERS = 2;
    private static final int SAMPLE_FLOW_EXPANDED = 3;
    private static final int SAMPLE_COUNTERS_EXPANDED = 4;

    private static final int FLOW_RAW_HEADER = 1;
    private static final int FLOW_ETHERNET = 2;
    private static final int FLOW_IPV4 = 3;
    private static final int FLOW_IPV6 = 4;
    private static final int FLOW_EXT_SWITCH = 1001;
    private static final int FLOW_EXT_ROUTER = 1002;
    private static final int FLOW_EXT_GATEWAY = 1003;
    private static final int FLOW_EXT_USER = 1004;
    private static final int FLOW_EXT_URL = 1005;

    private static final int COUNTERS_GENERIC = 1;
    private static final int COUNTERS_ETHERNET = 2;
    private static final int COUNTERS_VLAN = 5;
    private static final int COUNTERS_PROCESSOR = 1001;
    private static final int COUNTERS_HOST_DESCR = 2000;
    private static final int COUNTERS_HOST_CPU = 2003;
    private static final int COUNTERS_HOST_MEMORY = 2004;
    private static final int COUNTERS_HOST_DISK = 2005;
    private static final int COUNTERS_HOST_NET = 2006;

    /** Smallest sample or record: its format and length words. */
    private static final int FRAME_BYTES = 8;

    /**
     * Decodes the datagram in {@code in} from its current position. The caller has checked nothing; a version
     * other than 5 is reported as {@link DropReason#UNSUPPORTED_VERSION}.
     */
    public SflowDatagram decode(DatagramReader in) {
        long version = in.u32();
        if (version != VERSION) {
            throw new MalformedDatagramException(DropReason.UNSUPPORTED_VERSION,
                    "sFlow version " + version + " is not supported (only 5)");
        }
        long addressType = in.u32();
        String agent = address(in, addressType, "agent address");
        long subAgentId = in.u32();
        long sequenceNumber = in.u32();
        long uptime = in.u32();
        long count = in.u32();
        checkCount(in, count, FRAME_BYTES, "sample count");
        List<SflowSample> samples = new ArrayList<>((int) count);
        int skipped = 0;
        for (int i = 0; i < count; i++) {
            long format = in.u32();
            DatagramReader body = in.section(length(in.u32()), "sFlow sample " + i);
            SflowSample sample = format >>> 12 != 0 ? null : sample((int) (format & 0xFFF), body);
            if (sample == null) {
                skipped++;
            } else {
                samples.add(sample);
            }
        }
        return new SflowDatagram(agent, addressType == 1 ? 4 : addressType == 2 ? 6 : 0, subAgentId,
                sequenceNumber, uptime, samples, skipped);
    }

    private SflowSample sample(int format, DatagramReader in) {
        switch (format) {
            case SAMPLE_FLOW:
                return flowSample(in, false);
            case SAMPLE_FLOW_EXPANDED:
                return flowSample(in, true);
            case SAMPLE_COUNTERS:
                return counterSample(in, false);
            case SAMPLE_COUNTERS_EXPANDED:
                return counterSample(in, true);
            default:
                return null;
        }
    }

    private FlowSample flowSample(DatagramReader in, boolean expanded) {
        FlowSample s = new FlowSample();
        s.expanded = expanded;
        s.sequenceNumber = in.u32();
        if (expanded) {
            s.sourceIdType = in.u32();
            s.sourceIdIndex = in.u32();
        } else {
            long sourceId = in.u32();
            s.sourceIdType = sourceId >>> 24;
            s.sourceIdIndex = sourceId & 0xFF_FFFF;
        }
        s.samplingRate = in.u32();
        s.samplePool = in.u32();
        s.drops = in.u32();
        if (expanded) {
            s.input = new InterfaceRef((int) Math.min(in.u32(), Integer.MAX_VALUE), in.u32());
            s.output = new InterfaceRef((int) Math.min(in.u32(), Integer.MAX_VALUE), in.u32());
        } else {
            s.input = InterfaceRef.compact(in.u32());
            s.output = InterfaceRef.compact(in.u32());
        }
        long count = in.u32();
        checkCount(in, count, FRAME_BYTES, "flow record count");
        for (int i = 0; i < count; i++) {
            long format = in.u32();
            DatagramReader record = in.section(length(in.u32()), "flow record " + i);
            if (format >>> 12 != 0 || !flowRecord(s, (int) (format & 0xFFF), record)) {
                s.skippedRecords++;
            }
        }
        return s;
    }

    /** Returns false for a format this decoder does not know. */
    private static boolean flowRecord(FlowSample s, int format, DatagramReader in) {
        switch (format) {
            case FLOW_RAW_HEADER:
                SampledHeader header = rawHeader(in);
                if (s.header == null) {
                    s.header = header;
                }
                return true;
            case FLOW_ETHERNET:
                SampledEthernet ethernet = new SampledEthernet(in.u32(), mac(in), mac(in), in.u32());
                if (s.sampledEthernet == null) {
                    s.sampledEthernet = ethernet;
                }
                return true;
            case FLOW_IPV4:
                SampledIp ipv4 = new SampledIp(4, in.u32(), in.u32(), in.ipv4String(), in.ipv4String(), in.u32(),
                        in.u32(), in.u32(), in.u32());
                if (s.sampledIpv4 == null) {
                    s.sampledIpv4 = ipv4;
                }
                return true;
            case FLOW_IPV6:
                SampledIp ipv6 = new SampledIp(6, in.u32(), in.u32(), in.ipv6String(), in.ipv6String(), in.u32(),
                        in.u32(), in.u32(), in.u32());
                if (s.sampledIpv6 == null) {
                    s.sampledIpv6 = ipv6;
                }
                return true;
            case FLOW_EXT_SWITCH:
                ExtendedSwitch sw = new ExtendedSwitch(in.u32(), in.u32(), in.u32(), in.u32());
                if (s.extendedSwitch == null) {
                    s.extendedSwitch = sw;
                }
                return true;
            case FLOW_EXT_ROUTER:
                ExtendedRouter router = new ExtendedRouter(address(in, in.u32(), "router next hop"), in.u32(),
                        in.u32());
                if (s.extendedRouter == null) {
                    s.extendedRouter = router;
                }
                return true;
            case FLOW_EXT_GATEWAY:
                ExtendedGateway gateway = gateway(in);
                if (s.extendedGateway == null) {
                    s.extendedGateway = gateway;
                }
                return true;
            case FLOW_EXT_USER:
                ExtendedUser user = new ExtendedUser(in.u32(), string(in, "source user"), in.u32(),
                        string(in, "destination user"));
                if (s.extendedUser == null) {
                    s.extendedUser = user;
                }
                return true;
            case FLOW_EXT_URL:
                ExtendedUrl url = new ExtendedUrl(in.u32(), string(in, "url"), string(in, "host"));
                if (s.extendedUrl == null) {
                    s.extendedUrl = url;
                }
                return true;
            default:
                return false;
        }
    }

    private static SampledHeader rawHeader(DatagramReader in) {
        long protocol = in.u32();
        long frameLength = in.u32();
        long stripped = in.u32();
        long headerLength = in.u32();
        if (headerLength > in.remaining()) {
            throw MalformedDatagramException.malformed("raw header of " + headerLength + " bytes but only "
                    + in.remaining() + " remain in its record");
        }
        byte[] bytes = in.bytes((int) headerLength);
        return new SampledHeader(protocol, frameLength, stripped, bytes.length,
                PacketHeaderParser.parse(protocol, bytes));
    }

    private static ExtendedGateway gateway(DatagramReader in) {
        String nextHop = address(in, in.u32(), "gateway next hop");
        long as = in.u32();
        long srcAs = in.u32();
        long srcPeerAs = in.u32();
        long segments = in.u32();
        checkCount(in, segments, 8, "AS path segment count");
        List<AsPathSegment> path = new ArrayList<>((int) segments);
        for (int i = 0; i < segments; i++) {
            long type = in.u32();
            long n = in.u32();
            checkCount(in, n, 4, "AS path segment length");
            List<Long> numbers = new ArrayList<>((int) n);
            for (int j = 0; j < n; j++) {
                numbers.add(in.u32());
            }
            path.add(new AsPathSegment(type, numbers));
        }
        long communityCount = in.u32();
        checkCount(in, communityCount, 4, "community count");
        List<Long> communities = new ArrayList<>((int) communityCount);
        for (int i = 0; i < communityCount; i++) {
            communities.add(in.u32());
        }
        long localPref = in.u32();
        return new ExtendedGateway(nextHop, as, srcAs, srcPeerAs, path, communities, localPref);
    }

    private CounterSample counterSample(DatagramReader in, boolean expanded) {
        long sequence = in.u32();
        long sourceType;
        long sourceIndex;
        if (expanded) {
            sourceType = in.u32();
            sourceIndex = in.u32();
        } else {
            long sourceId = in.u32();
            sourceType = sourceId >>> 24;
            sourceIndex = sourceId & 0xFF_FFFF;
        }
        long count = in.u32();
        checkCount(in, count, FRAME_BYTES, "counter record count");
        GenericInterface generic = null;
        Ethernet ethernet = null;
        Vlan vlan = null;
        Processor processor = null;
        HostDescription description = null;
        HostCpu cpu = null;
        HostMemory memory = null;
        HostDiskIo disk = null;
        HostNetIo net = null;
        int skipped = 0;
        for (int i = 0; i < count; i++) {
            long word = in.u32();
            DatagramReader r = in.section(length(in.u32()), "counter record " + i);
            int format = word >>> 12 != 0 ? -1 : (int) (word & 0xFFF);
            switch (format) {
                case COUNTERS_GENERIC:
                    GenericInterface g = new GenericInterface(r.u32(), r.u32(), r.u64(), r.u32(), r.u32(), r.u64(),
                            r.u32(), r.u32(), r.u32(), r.u32(), r.u32(), r.u32(), r.u64(), r.u32(), r.u32(),
                            r.u32(), r.u32(), r.u32(), r.u32());
                    generic = generic == null ? g : generic;
                    break;
                case COUNTERS_ETHERNET:
                    Ethernet e = new Ethernet(r.u32(), r.u32(), r.u32(), r.u32(), r.u32(), r.u32(), r.u32(),
                            r.u32(), r.u32(), r.u32(), r.u32(), r.u32(), r.u32());
                    ethernet = ethernet == null ? e : ethernet;
                    break;
                case COUNTERS_VLAN:
                    Vlan v = new Vlan(r.u32(), r.u64(), r.u32(), r.u32(), r.u32(), r.u32());
                    vlan = vlan == null ? v : vlan;
                    break;
                case COUNTERS_PROCESSOR:
                    Processor p = new Processor(r.u32(), r.u32(), r.u32(), r.u64(), r.u64());
                    processor = processor == null ? p : processor;
                    break;
                case COUNTERS_HOST_DESCR:
                    HostDescription d = new HostDescription(string(r, "hostname"), uuid(r), r.u32(), r.u32(),
                            string(r, "os release"));
                    description = description == null ? d : description;
                    break;
                case COUNTERS_HOST_CPU:
                    HostCpu c = new HostCpu(f32(r), f32(r), f32(r), r.u32(), r.u32(), r.u32(), r.u32(), r.u32(),
                            r.u32(), r.u32(), r.u32(), r.u32(), r.u32(), r.u32(), r.u32(), r.u32(), r.u32());
                    cpu = cpu == null ? c : cpu;
                    break;
                case COUNTERS_HOST_MEMORY:
                    HostMemory m = new HostMemory(r.u64(), r.u64(), r.u64(), r.u64(), r.u64(), r.u64(), r.u64(),
                            r.u32(), r.u32(), r.u32(), r.u32());
                    memory = memory == null ? m : memory;
                    break;
                case COUNTERS_HOST_DISK:
                    HostDiskIo io = new HostDiskIo(r.u64(), r.u64(), r.u32(), r.u32(), r.u64(), r.u32(), r.u32(),
                            r.u64(), r.u32());
                    disk = disk == null ? io : disk;
                    break;
                case COUNTERS_HOST_NET:
                    HostNetIo n = new HostNetIo(r.u64(), r.u32(), r.u32(), r.u32(), r.u64(), r.u32(), r.u32(),
                            r.u32());
                    net = net == null ? n : net;
                    break;
                default:
                    skipped++;
                    break;
            }
        }
        return new CounterSample(sequence, expanded, sourceType, sourceIndex, generic, ethernet, vlan, processor,
                description, cpu, memory, disk, net, skipped);
    }

    /** An sFlow address: type 0 = unknown (no bytes, null), 1 = IPv4, 2 = IPv6. */
    private static String address(DatagramReader in, long type, String what) {
        if (type == 1) {
            return in.ipv4String();
        }
        if (type == 2) {
            return in.ipv6String();
        }
        if (type == 0) {
            return null;
        }
        throw MalformedDatagramException.malformed(what + " has unknown address type " + type);
    }

    /** XDR opaque MAC: six bytes padded to eight. */
    private static long mac(DatagramReader in) {
        long high = in.u16();
        long low = in.u32();
        in.skip(2);
        return (high << 32) | low;
    }

    /** XDR string: length, bytes, padding to a multiple of four. Decoded as UTF-8 (malformed bytes replaced). */
    private static String string(DatagramReader in, String what) {
        long length = in.u32();
        if (length > in.remaining()) {
            throw MalformedDatagramException.malformed(what + " of " + length + " bytes but only "
                    + in.remaining() + " remain");
        }
        byte[] bytes = in.bytes((int) length);
        in.skip(Math.min(pad(bytes.length), in.remaining()));
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String uuid(DatagramReader in) {
        byte[] b = in.bytes(16);
        StringBuilder sb = new StringBuilder(36);
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                sb.append('-');
            }
            sb.append(Character.forDigit((b[i] >>> 4) & 0xF, 16)).append(Character.forDigit(b[i] & 0xF, 16));
        }
        return sb.toString();
    }

    private static double f32(DatagramReader in) {
        return Float.intBitsToFloat(in.i32());
    }

    private static int pad(int length) {
        return (4 - (length & 3)) & 3;
    }

    /** Length words are unsigned; anything at or above 2^31 cannot fit and becomes -1, which section rejects. */
    private static int length(long word) {
        return word > Integer.MAX_VALUE ? -1 : (int) word;
    }

    /** Throws unless {@code count} items of at least {@code minBytes} each fit in what remains. */
    private static void checkCount(DatagramReader in, long count, int minBytes, String what) {
        if (count > in.remaining() / minBytes) {
            throw MalformedDatagramException.malformed(what + " " + count + " cannot fit in the "
                    + in.remaining() + " bytes that remain at offset " + in.offset());
        }
    }

    /** Text form of a MAC address held in the low 48 bits, ECS style: upper case, hyphen separated. */
    public static String macText(long mac) {
        char[] out = new char[17];
        for (int i = 0; i < 6; i++) {
            int octet = (int) (mac >>> (40 - 8 * i)) & 0xFF;
            out[i * 3] = Character.toUpperCase(Character.forDigit(octet >>> 4, 16));
            out[i * 3 + 1] = Character.toUpperCase(Character.forDigit(octet & 0xF, 16));
            if (i < 5) {
                out[i * 3 + 2] = '-';
            }
        }
        return new String(out);
    }
}

package org.elkflow.flowcodec;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Collector-side 1-in-N downsampling of flow events: a flow record is kept when a hash of its flow key
 * (exporter, source/destination address and port, IANA protocol number) falls in the kept 1/N of the hash space, so
 * every record of one flow is either kept or dropped, the choice is the same on every run and every collector, and
 * {@code sum(kept) × N} estimates the total. Kept records are marked {@code flow.downsample_rate: N} and
 * {@code flow.effective_sampling_rate} (the exporter's sampling rate, 1 when unsampled, times N) — the factor that
 * turns their bytes and packets back into an estimate of the real traffic. Events without {@code network.bytes}
 * (options records, sFlow counter samples) always pass. Stateless and thread-safe.
 */
public final class Downsampler {

    private final int rate;
    private final long threshold;

    /** @param rate keep 1 in {@code rate} flows; 1 keeps everything */
    public Downsampler(int rate) {
        if (rate < 1) {
            throw new IllegalArgumentException("downsample rate must be at least 1: " + rate);
        }
        this.rate = rate;
        this.threshold = Long.divideUnsigned(-1L, rate);
    }

    public int rate() {
        return rate;
    }

    /** True when the event is to be kept (marking it); false when it is downsampled away. */
    public boolean keep(Map<String, Object> event) {
        if (rate == 1) {
            return true;
        }
        Object network = event.get("network");
        if (!(network instanceof Map<?, ?> net) || !net.containsKey("bytes")) {
            return true;
        }
        long h = 0xcbf29ce484222325L;
        h = mix(h, field(event, "observer", "ip"));
        h = mix(h, field(event, "source", "ip"));
        h = mix(h, field(event, "destination", "ip"));
        h = mix(h, field(event, "source", "port"));
        h = mix(h, field(event, "destination", "port"));
        h = mix(h, net.get("iana_number"));
        if (Long.compareUnsigned(finish(h), threshold) > 0) {
            return false;
        }
        mark(event);
        return true;
    }

    /** A sink that forwards only the kept events; {@code dropped} is told of every event downsampled away. */
    public Consumer<Map<String, Object>> filter(Consumer<Map<String, Object>> sink, Runnable dropped) {
        if (rate == 1) {
            return sink;
        }
        return event -> {
            if (keep(event)) {
                sink.accept(event);
            } else {
                dropped.run();
            }
        };
    }

    @SuppressWarnings("unchecked")
    private void mark(Map<String, Object> event) {
        Object flowValue = event.get("flow");
        Map<String, Object> flow;
        if (flowValue instanceof Map<?, ?> existing) {
            flow = (Map<String, Object>) existing;
        } else {
            flow = new HashMap<>(4);
            event.put("flow", flow);
        }
        long sampling = flow.get("sampling_rate") instanceof Number n && n.longValue() > 0 ? n.longValue() : 1;
        flow.put("downsample_rate", (long) rate);
        flow.put("effective_sampling_rate", sampling * rate);
    }

    private static Object field(Map<String, Object> event, String outer, String inner) {
        return event.get(outer) instanceof Map<?, ?> m ? m.get(inner) : null;
    }

    /** FNV-1a over the value's text (stable across JVMs, unlike identity hashes), with a separator. */
    private static long mix(long h, Object value) {
        String text = value == null ? "" : value.toString();
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= 0xff;
        return h * 0x100000001b3L;
    }

    /** Final avalanche so that the kept fraction is uniform over the hash space. */
    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}

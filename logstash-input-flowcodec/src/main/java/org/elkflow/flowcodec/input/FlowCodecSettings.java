package org.elkflow.flowcodec.input;

import co.elastic.logstash.api.Configuration;
import co.elastic.logstash.api.PluginConfigSpec;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import org.elkflow.flowcodec.netflow.TemplateLimits;
import org.elkflow.flowcodec.schema.ElementRegistry;
import org.elkflow.flowcodec.schema.MappingOptions;

/**
 * The input's settings, read and validated once when the plugin is created. An invalid value fails the
 * pipeline start with a message naming the setting and the value, which is how Logstash expects plugins to
 * reject configuration.
 */
final class FlowCodecSettings {

    static final PluginConfigSpec<String> HOST = PluginConfigSpec.stringSetting("host", "0.0.0.0");
    static final PluginConfigSpec<Long> PORT = PluginConfigSpec.numSetting("port", 2055);
    static final PluginConfigSpec<Boolean> UPSCALE_SAMPLING = PluginConfigSpec.booleanSetting("upscale_sampling", false);
    static final PluginConfigSpec<String> ELEMENTS_FILE = PluginConfigSpec.stringSetting("elements_file", "");
    static final PluginConfigSpec<Long> MAX_EXPORTERS = PluginConfigSpec.numSetting("max_exporters",
            TemplateLimits.defaults().maxExporters());
    static final PluginConfigSpec<Long> MAX_TEMPLATES_PER_EXPORTER =
            PluginConfigSpec.numSetting("max_templates_per_exporter", TemplateLimits.defaults().maxTemplatesPerExporter());
    static final PluginConfigSpec<Long> TEMPLATE_BUFFER_SETS = PluginConfigSpec.numSetting("template_buffer_sets",
            TemplateLimits.defaults().pendingMaxSets());
    static final PluginConfigSpec<Long> TEMPLATE_BUFFER_BYTES = PluginConfigSpec.numSetting("template_buffer_bytes",
            TemplateLimits.defaults().pendingMaxBytes());
    static final PluginConfigSpec<Long> TEMPLATE_BUFFER_SECONDS = PluginConfigSpec.numSetting(
            "template_buffer_seconds", TemplateLimits.defaults().pendingMaxAgeMillis() / 1000);

    static final PluginConfigSpec<List<Object>> LISTEN = PluginConfigSpec.arraySetting("listen");
    static final PluginConfigSpec<Long> RECEIVE_BUFFER_BYTES = PluginConfigSpec.numSetting("receive_buffer_bytes",
            32L * 1024 * 1024);
    static final PluginConfigSpec<Long> REUSEPORT_SOCKETS = PluginConfigSpec.numSetting("reuseport_sockets", 1);
    static final PluginConfigSpec<Long> WORKERS = PluginConfigSpec.numSetting("workers", 2);
    static final PluginConfigSpec<Long> QUEUE_SIZE = PluginConfigSpec.numSetting("queue_size", 16_384);
    static final PluginConfigSpec<Long> STATS_INTERVAL_SECONDS = PluginConfigSpec.numSetting("stats_interval_seconds", 60);
    static final PluginConfigSpec<Long> DRAIN_TIMEOUT_SECONDS = PluginConfigSpec.numSetting("drain_timeout_seconds", 5);
    static final PluginConfigSpec<Long> MAX_EXPORTER_STATS = PluginConfigSpec.numSetting("max_exporter_stats", 1000);
    static final PluginConfigSpec<List<Object>> ALLOWED_EXPORTERS = PluginConfigSpec.arraySetting("allowed_exporters");
    static final PluginConfigSpec<Long> DOWNSAMPLE = PluginConfigSpec.numSetting("downsample", 1);
    static final PluginConfigSpec<String> TEMPLATE_CACHE_PATH = PluginConfigSpec.stringSetting("template_cache_path", "");

    static final List<PluginConfigSpec<?>> OWN_SETTINGS = List.of(HOST, PORT, UPSCALE_SAMPLING, ELEMENTS_FILE,
            MAX_EXPORTERS, MAX_TEMPLATES_PER_EXPORTER, TEMPLATE_BUFFER_SETS, TEMPLATE_BUFFER_BYTES,
            TEMPLATE_BUFFER_SECONDS, LISTEN, RECEIVE_BUFFER_BYTES, REUSEPORT_SOCKETS, WORKERS, QUEUE_SIZE,
            STATS_INTERVAL_SECONDS, DRAIN_TIMEOUT_SECONDS, MAX_EXPORTER_STATS, ALLOWED_EXPORTERS,
            TEMPLATE_CACHE_PATH, DOWNSAMPLE);

    private final List<InetSocketAddress> listenAddresses;
    private final MappingOptions mappingOptions;
    private final ElementRegistry registry;
    private final TemplateLimits limits;
    private final Receive receive;
    private final ExporterAllowList allowList;
    private final Path templateCachePath;
    private final int downsample;

    /** How datagrams are received and handed to the decode workers. */
    record Receive(int receiveBufferBytes, int reuseportSockets, int workers, int queueSize,
                   long statsIntervalMillis, long drainTimeoutMillis, int maxExporterStats) {
    }

    private FlowCodecSettings(List<InetSocketAddress> listenAddresses, MappingOptions mappingOptions,
                              ElementRegistry registry, TemplateLimits limits, Receive receive,
                              ExporterAllowList allowList, Path templateCachePath, int downsample) {
        this.listenAddresses = listenAddresses;
        this.mappingOptions = mappingOptions;
        this.registry = registry;
        this.limits = limits;
        this.receive = receive;
        this.allowList = allowList;
        this.templateCachePath = templateCachePath;
        this.downsample = downsample;
    }

    static FlowCodecSettings from(Configuration config) {
        String host = config.get(HOST);
        Long port = config.get(PORT);
        if (host == null || host.isBlank()) {
            throw invalid(HOST, host, "must be an IP address or host name to listen on, e.g. \"0.0.0.0\"");
        }
        if (port == null || port < 0 || port > 65535) {
            throw invalid(PORT, port, "must be a UDP port from 1 to 65535 (0 picks any free port)");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw invalid(HOST, host, "cannot be resolved to an address on this machine");
        }
        Boolean upscale = config.get(UPSCALE_SAMPLING);
        MappingOptions mapping = MappingOptions.defaults().withUpscaleSampling(upscale != null && upscale);

        ElementRegistry registry = ElementRegistry.standard();
        String elements = config.get(ELEMENTS_FILE);
        if (elements != null && !elements.isBlank()) {
            Path path = Paths.get(elements);
            if (!Files.isReadable(path)) {
                throw invalid(ELEMENTS_FILE, elements, "is not a readable file");
            }
            try {
                registry = registry.withFile(path);
            } catch (IOException | IllegalArgumentException e) {
                throw invalid(ELEMENTS_FILE, elements, "cannot be loaded: " + e.getMessage());
            }
        }
        int exporters = range(config, MAX_EXPORTERS, 1, 1_000_000, "must be from 1 to 1000000");
        int templates = range(config, MAX_TEMPLATES_PER_EXPORTER, 1, 65_535, "must be from 1 to 65535");
        int sets = range(config, TEMPLATE_BUFFER_SETS, 0, 100_000, "must be from 0 (no buffering) to 100000");
        int bytes = range(config, TEMPLATE_BUFFER_BYTES, 0, 64 * 1024 * 1024,
                "must be from 0 to 67108864 (bytes per exporter)");
        int seconds = range(config, TEMPLATE_BUFFER_SECONDS, 0, 3600, "must be from 0 to 3600 seconds");
        TemplateLimits limits = new TemplateLimits(exporters, templates, sets, bytes, seconds * 1000L);

        List<InetSocketAddress> listen = new ArrayList<>();
        List<Object> listenEntries = config.get(LISTEN);
        if (listenEntries == null || listenEntries.isEmpty()) {
            listen.add(new InetSocketAddress(address, port.intValue()));
        } else {
            for (Object entry : listenEntries) {
                listen.add(listenAddress(entry));
            }
            if (new HashSet<>(listen).size() != listen.size()) {
                throw invalid(LISTEN, listenEntries, "lists the same address twice");
            }
        }
        int rcvbuf = range(config, RECEIVE_BUFFER_BYTES, 0, Integer.MAX_VALUE,
                "must be from 0 (the OS default) to 2147483647 bytes");
        int reuseport = range(config, REUSEPORT_SOCKETS, 1, 64, "must be from 1 to 64 sockets per listen address");
        int workers = range(config, WORKERS, 1, 64, "must be from 1 to 64 decode threads");
        int queue = range(config, QUEUE_SIZE, 1, 10_000_000, "must be from 1 to 10000000 datagrams");
        if (queue < workers) {
            throw invalid(QUEUE_SIZE, (long) queue, "must be at least 'workers' (" + workers
                    + "): every worker has its own share of the queue");
        }
        int stats = range(config, STATS_INTERVAL_SECONDS, 0, 86_400, "must be from 0 (no stats log) to 86400 seconds");
        int drain = range(config, DRAIN_TIMEOUT_SECONDS, 0, 3600, "must be from 0 to 3600 seconds");
        int exporterStats = range(config, MAX_EXPORTER_STATS, 0, 100_000, "must be from 0 to 100000 exporters");
        Receive receive = new Receive(rcvbuf, reuseport, workers, queue, stats * 1000L, drain * 1000L, exporterStats);

        ExporterAllowList allowList = ExporterAllowList.allowAll();
        List<Object> allowed = config.get(ALLOWED_EXPORTERS);
        if (allowed != null && !allowed.isEmpty()) {
            List<String> texts = new ArrayList<>();
            for (Object entry : allowed) {
                texts.add(String.valueOf(entry));
            }
            try {
                allowList = ExporterAllowList.parse(texts);
            } catch (IllegalArgumentException e) {
                throw invalid(ALLOWED_EXPORTERS, allowed, e.getMessage()
                        + " (expected IPv4/IPv6 networks such as \"10.0.0.0/8\" or \"2001:db8::/32\")");
            }
        }
        Path cache = null;
        String cacheText = config.get(TEMPLATE_CACHE_PATH);
        if (cacheText != null && !cacheText.isBlank()) {
            cache = Paths.get(cacheText).toAbsolutePath();
            Path dir = cache.getParent();
            if (Files.isDirectory(cache)) {
                throw invalid(TEMPLATE_CACHE_PATH, cacheText, "is a directory; give a file name");
            }
            if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
                throw invalid(TEMPLATE_CACHE_PATH, cacheText, "its directory " + dir
                        + " does not exist or is not writable (the file is replaced atomically there)");
            }
        }
        int downsample = range(config, DOWNSAMPLE, 1, 1_000_000,
                "must be from 1 (keep every flow) to 1000000 (keep 1 in N flows)");
        return new FlowCodecSettings(List.copyOf(listen), mapping, registry, limits, receive, allowList, cache,
                downsample);
    }

    /** One {@code listen} entry: {@code "host:port"}, {@code "[ipv6]:port"} or {@code ":port"} (all interfaces). */
    private static InetSocketAddress listenAddress(Object entry) {
        String text = entry == null ? "" : String.valueOf(entry).trim();
        String why = "entries must be \"host:port\", \"[ipv6-address]:port\" or \":port\"";
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw invalid(LISTEN, text, why);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw invalid(LISTEN, text, why + " (an IPv6 address needs brackets)");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw invalid(LISTEN, text, why);
        }
        if (port < 0 || port > 65535) {
            throw invalid(LISTEN, text, "port must be from 1 to 65535 (0 picks any free port)");
        }
        try {
            InetAddress address = host.isEmpty() ? InetAddress.getByName("0.0.0.0") : InetAddress.getByName(host);
            return new InetSocketAddress(address, port);
        } catch (UnknownHostException e) {
            throw invalid(LISTEN, text, "host cannot be resolved to an address on this machine");
        }
    }

    private static int range(Configuration config, PluginConfigSpec<Long> spec, long min, long max, String why) {
        Long value = config.get(spec);
        if (value == null || value < min || value > max) {
            throw invalid(spec, value, why);
        }
        return value.intValue();
    }

    /** The first listen address (kept for callers that know only one). */
    InetSocketAddress listenAddress() {
        return listenAddresses.get(0);
    }

    List<InetSocketAddress> listenAddresses() {
        return listenAddresses;
    }

    Receive receive() {
        return receive;
    }

    ExporterAllowList allowList() {
        return allowList;
    }

    /** Keep 1 in this many flow records (1 = all). */
    int downsample() {
        return downsample;
    }

    /** Where templates are persisted; null when not configured. */
    Path templateCachePath() {
        return templateCachePath;
    }

    MappingOptions mappingOptions() {
        return mappingOptions;
    }

    ElementRegistry registry() {
        return registry;
    }

    TemplateLimits limits() {
        return limits;
    }

    private static IllegalArgumentException invalid(PluginConfigSpec<?> spec, Object value, String why) {
        return new IllegalArgumentException(
                "flowcodec: invalid setting '" + spec.name() + "' => " + quote(value) + ": " + why);
    }

    private static String quote(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }
}

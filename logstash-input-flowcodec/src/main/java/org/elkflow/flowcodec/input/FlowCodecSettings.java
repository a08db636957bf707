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

    static final List<PluginConfigSpec<?>> OWN_SETTINGS = List.of(HOST, PORT, UPSCALE_SAMPLING, ELEMENTS_FILE,
            MAX_EXPORTERS, MAX_TEMPLATES_PER_EXPORTER, TEMPLATE_BUFFER_SETS, TEMPLATE_BUFFER_BYTES,
            TEMPLATE_BUFFER_SECONDS);

    private final InetSocketAddress listenAddress;
    private final MappingOptions mappingOptions;
    private final ElementRegistry registry;
    private final TemplateLimits limits;

    private FlowCodecSettings(InetSocketAddress listenAddress, MappingOptions mappingOptions, ElementRegistry registry,
                              TemplateLimits limits) {
        this.listenAddress = listenAddress;
        this.mappingOptions = mappingOptions;
        this.registry = registry;
        this.limits = limits;
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
        return new FlowCodecSettings(new InetSocketAddress(address, port.intValue()), mapping, registry, limits);
    }

    private static int range(Configuration config, PluginConfigSpec<Long> spec, long min, long max, String why) {
        Long value = config.get(spec);
        if (value == null || value < min || value > max) {
            throw invalid(spec, value, why);
        }
        return value.intValue();
    }

    InetSocketAddress listenAddress() {
        return listenAddress;
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

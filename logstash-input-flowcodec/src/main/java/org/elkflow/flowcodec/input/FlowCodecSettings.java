package org.elkflow.flowcodec.input;

import co.elastic.logstash.api.Configuration;
import co.elastic.logstash.api.PluginConfigSpec;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The input's settings, read and validated once when the plugin is created. An invalid value fails the
 * pipeline start with a message naming the setting and the value, which is how Logstash expects plugins to
 * reject configuration.
 */
final class FlowCodecSettings {

    static final PluginConfigSpec<String> HOST = PluginConfigSpec.stringSetting("host", "0.0.0.0");
    static final PluginConfigSpec<Long> PORT = PluginConfigSpec.numSetting("port", 2055);

    static final List<PluginConfigSpec<?>> OWN_SETTINGS = List.of(HOST, PORT);

    private final InetSocketAddress listenAddress;

    private FlowCodecSettings(InetSocketAddress listenAddress) {
        this.listenAddress = listenAddress;
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
        return new FlowCodecSettings(new InetSocketAddress(address, port.intValue()));
    }

    InetSocketAddress listenAddress() {
        return listenAddress;
    }

    private static IllegalArgumentException invalid(PluginConfigSpec<?> spec, Object value, String why) {
        return new IllegalArgumentException(
                "flowcodec: invalid setting '" + spec.name() + "' => " + quote(value) + ": " + why);
    }

    private static String quote(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }
}

package org.elkflow.flowcodec.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A veth pair for tests of live-capture exporters: one end stays in the test's network namespace (where the
 * exporter captures), the other is moved into a fresh, otherwise empty network namespace (where traffic is
 * injected), so nothing but the injected frames crosses the link and no host interface is touched. Needs root
 * (CAP_NET_ADMIN and the right to mount {@code /run/netns}); without it {@link #create} fails the test under
 * {@code CI=true} and skips it elsewhere. {@link #close} deletes the link and the namespace and checks both are
 * gone.
 */
public final class VethPair implements AutoCloseable {

    private static final long COMMAND_SECONDS = 30;

    private final Path ip;
    private final String namespace;
    private final String hostEnd;
    private final String namespaceEnd;

    private VethPair(Path ip, String suffix) {
        this.ip = ip;
        this.namespace = "flowcodec-test-" + suffix;
        // interface names have at most 15 characters
        this.hostEnd = "fc" + suffix + "h";
        this.namespaceEnd = "fc" + suffix + "n";
    }

    /** Creates the namespace and the pair, both ends up. {@code ip} is iproute2's {@code ip}. */
    public static VethPair create(Path ip) throws IOException, InterruptedException {
        VethPair pair = new VethPair(ip, String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24)));
        Result netns = pair.ip("netns", "add", pair.namespace);
        if (netns.exit != 0) {
            if (netns.output.contains("Permission denied") || netns.output.contains("Operation not permitted")) {
                ExternalTool.unavailable("creating a network namespace needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN): "
                        + "'ip netns add' said: " + netns.output.strip());
            }
            throw new IllegalStateException("ip netns add " + pair.namespace + " failed: " + netns.output);
        }
        try {
            pair.check(pair.ip("link", "add", pair.hostEnd, "type", "veth", "peer", "name", pair.namespaceEnd,
                    "netns", pair.namespace));
            pair.check(pair.ip("link", "set", pair.hostEnd, "up"));
            pair.check(pair.ip("netns", "exec", pair.namespace, pair.ip.toString(), "link", "set",
                    pair.namespaceEnd, "up"));
            return pair;
        } catch (IOException | RuntimeException | InterruptedException | Error e) {
            try {
                pair.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** The end in the test's own namespace, to capture on. */
    public String hostEnd() {
        return hostEnd;
    }

    /** The end inside the private namespace, to send from. */
    public String namespaceEnd() {
        return namespaceEnd;
    }

    /** {@code command} run inside the private namespace ({@code ip netns exec}). */
    public ProcessBuilder inNamespace(String... command) {
        List<String> full = new ArrayList<>(List.of(ip.toString(), "netns", "exec", namespace));
        full.addAll(List.of(command));
        return new ProcessBuilder(full).redirectErrorStream(true);
    }

    /**
     * Deletes the host end (which deletes its peer) and the namespace; then fails if either still exists, so a test
     * never leaves them behind unnoticed.
     */
    @Override
    public void close() {
        try {
            if (ip("link", "show", hostEnd).exit == 0) {
                ip("link", "del", hostEnd);
            }
            ip("netns", "del", namespace);
            List<String> left = new ArrayList<>();
            if (ip("link", "show", hostEnd).exit == 0) {
                left.add("link " + hostEnd);
            }
            if (ip("netns", "list").output.lines().anyMatch(l -> l.split(" ")[0].equals(namespace))) {
                left.add("netns " + namespace);
            }
            if (!left.isEmpty()) {
                throw new IllegalStateException("could not remove " + left);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cleanup of " + namespace + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("cleanup of " + namespace + " interrupted", e);
        }
    }

    private void check(Result result) {
        if (result.exit != 0) {
            throw new IllegalStateException(result.command + " failed (" + result.exit + "): " + result.output);
        }
    }

    private Result ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ip.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not finish within " + COMMAND_SECONDS + " s");
        }
        return new Result(String.join(" ", command), p.exitValue(), output);
    }

    private record Result(String command, int exit, String output) {
    }
}

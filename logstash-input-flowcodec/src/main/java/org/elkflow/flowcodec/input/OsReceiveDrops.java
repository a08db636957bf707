package org.elkflow.flowcodec.input;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;

/**
 * Datagrams the kernel discarded before the input could read them, because a socket's receive buffer was full:
 * the {@code drops} column of Linux's {@code /proc/net/udp} and {@code /proc/net/udp6}, summed over the sockets
 * bound to the input's ports. This is the loss no counter inside the JVM can see. Elsewhere (or when the files
 * cannot be read) {@link #read} returns -1.
 */
final class OsReceiveDrops {

    private final List<Path> tables;

    OsReceiveDrops() {
        this(List.of(Paths.get("/proc/net/udp"), Paths.get("/proc/net/udp6")));
    }

    OsReceiveDrops(List<Path> tables) {
        this.tables = tables;
    }

    /** Sum of the drops of every socket whose local port is in {@code ports}; -1 when no table is readable. */
    long read(Set<Integer> ports) {
        long total = 0;
        boolean any = false;
        for (Path table : tables) {
            List<String> lines;
            try {
                lines = Files.readAllLines(table, StandardCharsets.US_ASCII);
            } catch (IOException | RuntimeException e) {
                continue;
            }
            any = true;
            total += sum(lines, ports);
        }
        return any ? total : -1;
    }

    /** Lines after the header: {@code sl local rem st tx:rx tr tm->when retrnsmt uid timeout inode ref ptr drops}. */
    static long sum(List<String> lines, Set<Integer> ports) {
        long total = 0;
        for (int i = 1; i < lines.size(); i++) {
            String[] columns = lines.get(i).trim().split("\\s+");
            if (columns.length < 13) {
                continue;
            }
            String local = columns[1];
            int colon = local.lastIndexOf(':');
            if (colon < 0) {
                continue;
            }
            try {
                int port = Integer.parseInt(local.substring(colon + 1), 16);
                if (ports.contains(port)) {
                    total += Long.parseLong(columns[columns.length - 1]);
                }
            } catch (NumberFormatException e) {
                // a line of a format we do not know: not ours to count
            }
        }
        return total;
    }
}

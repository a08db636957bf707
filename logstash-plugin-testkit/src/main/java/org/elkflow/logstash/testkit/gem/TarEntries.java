package org.elkflow.logstash.testkit.gem;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads the regular files of a (ustar) tar archive into memory: a .gem is a tar of metadata.gz and
 * data.tar.gz, and the JDK has no tar reader. Only what RubyGems writes is supported.
 */
final class TarEntries {

    private static final int BLOCK = 512;

    private TarEntries() {
    }

    static Map<String, byte[]> read(byte[] tar) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        int pos = 0;
        while (pos + BLOCK <= tar.length) {
            if (isZeroBlock(tar, pos)) {
                break;
            }
            String name = text(tar, pos, 100);
            long size = octal(tar, pos + 124, 12);
            char type = (char) tar[pos + 156];
            String magic = text(tar, pos + 257, 6);
            if (magic.startsWith("ustar")) {
                String prefix = text(tar, pos + 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            int dataStart = pos + BLOCK;
            if (size < 0 || dataStart + size > tar.length) {
                throw new IOException("tar entry '" + name + "' claims " + size + " bytes past the archive end");
            }
            if (type == '0' || type == '\0') {
                byte[] content = new byte[(int) size];
                System.arraycopy(tar, dataStart, content, 0, (int) size);
                files.put(name, content);
            }
            pos = dataStart + (int) ((size + BLOCK - 1) / BLOCK) * BLOCK;
        }
        return files;
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    private static boolean isZeroBlock(byte[] tar, int pos) {
        for (int i = pos; i < pos + BLOCK; i++) {
            if (tar[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8).trim();
    }

    private static long octal(byte[] b, int off, int len) {
        String s = text(b, off, len);
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }
}

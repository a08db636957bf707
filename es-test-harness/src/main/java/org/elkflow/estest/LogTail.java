package org.elkflow.estest;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Reads the last lines of a (possibly large, possibly growing) text file without reading all of it. */
final class LogTail {

    private static final int BLOCK = 8192;
    /** Never read more than this many bytes from the end, however long the lines are. */
    private static final long MAX_BYTES = 4L * 1024 * 1024;

    private LogTail() {
    }

    /**
     * The last {@code lines} lines of {@code file}, joined with '\n' (no trailing newline). A missing or unreadable
     * file yields a one-line note saying so, so callers can put the result straight into an error message.
     */
    static String lastLines(Path file, int lines) {
        if (lines <= 0) {
            return "";
        }
        if (!Files.isRegularFile(file)) {
            return "<" + file + " does not exist>";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long start = length;
            int newlines = 0;
            byte[] block = new byte[BLOCK];
            // Walk backwards until the region holds lines+1 newlines (one may be the file's trailing newline).
            while (start > 0 && newlines <= lines && length - start < MAX_BYTES) {
                int size = (int) Math.min(BLOCK, start);
                start -= size;
                raf.seek(start);
                raf.readFully(block, 0, size);
                for (int i = 0; i < size; i++) {
                    if (block[i] == '\n') {
                        newlines++;
                    }
                }
            }
            byte[] tail = new byte[(int) (length - start)];
            raf.seek(start);
            raf.readFully(tail);
            return lastLines(new String(tail, StandardCharsets.UTF_8), lines);
        } catch (IOException e) {
            return "<cannot read " + file + ": " + e + ">";
        }
    }

    /** The last {@code lines} lines of {@code text}. */
    static String lastLines(String text, int lines) {
        String trimmed = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (trimmed.isEmpty()) {
            return "";
        }
        List<String> all = Arrays.asList(trimmed.split("\r?\n", -1));
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}

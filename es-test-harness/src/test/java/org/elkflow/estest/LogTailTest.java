package org.elkflow.estest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogTailTest {

    @TempDir
    Path tmp;

    @Test
    void lastLinesOfABigFile() throws IOException {
        Path log = tmp.resolve("big.log");
        // ~1.3 MB over many blocks, lines of varying length
        String text = IntStream.range(0, 50_000)
                .mapToObj(i -> "line " + i + " " + "x".repeat(i % 37))
                .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(log, text);
        String tail = LogTail.lastLines(log, 3);
        assertEquals("line 49997 " + "x".repeat(49997 % 37) + "\nline 49998 " + "x".repeat(49998 % 37)
                + "\nline 49999 " + "x".repeat(49999 % 37), tail);
    }

    @Test
    void fileWithoutTrailingNewline() throws IOException {
        Path log = Files.writeString(tmp.resolve("a.log"), "a\nb\nc");
        assertEquals("b\nc", LogTail.lastLines(log, 2));
    }

    @Test
    void fewerLinesThanAsked() throws IOException {
        Path log = Files.writeString(tmp.resolve("a.log"), "only\n");
        assertEquals("only", LogTail.lastLines(log, 80));
    }

    @Test
    void emptyAndMissingFiles() throws IOException {
        assertEquals("", LogTail.lastLines(Files.writeString(tmp.resolve("e.log"), ""), 5));
        assertTrue(LogTail.lastLines(tmp.resolve("missing.log"), 5).contains("does not exist"));
        assertEquals("", LogTail.lastLines(tmp.resolve("missing.log"), 0));
    }

    @Test
    void crLfLinesAndExactBlockBoundary() throws IOException {
        assertEquals("2\n3", LogTail.lastLines("1\r\n2\r\n3\r\n", 2));
        // a file whose lines end exactly at the 8 KiB block edge
        String line = "y".repeat(8191) + "\n";
        Path log = Files.writeString(tmp.resolve("edge.log"), line + line + "last\n");
        assertEquals("y".repeat(8191) + "\nlast", LogTail.lastLines(log, 2));
    }
}

package org.elkflow.infraenrich.inventory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Objects;

/**
 * An inventory file. Change is detected by size, modification time and file identity (so an atomic
 * rename of a new file over the old one is seen even within the same second) and confirmed by content:
 * re-saving identical bytes does not rebuild anything. A file caught while being written (its attributes
 * change during the read) is read again at the next poll.
 */
public final class FileInventorySource implements InventorySource {

    private final Path path;
    private final InventoryFormat format;
    private Stamp lastStamp;
    private byte[] lastDigest;

    public FileInventorySource(Path path) {
        this(path, InventoryFormat.forName(path.getFileName().toString()));
    }

    public FileInventorySource(Path path, InventoryFormat format) {
        this.path = path;
        this.format = format;
    }

    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public InventoryFormat format() {
        return format;
    }

    @Override
    public String fetchIfChanged() throws IOException {
        for (int attempt = 0; ; attempt++) {
            Stamp before = stamp();
            if (before.equals(lastStamp)) {
                return null;
            }
            byte[] bytes = Files.readAllBytes(path);
            Stamp after = stamp();
            if (!before.equals(after)) {
                if (attempt < 3) {
                    continue;
                }
                return null; // still being written; try again at the next poll
            }
            lastStamp = after;
            byte[] digest = Digests.sha256(bytes);
            if (Arrays.equals(digest, lastDigest)) {
                return null;
            }
            lastDigest = digest;
            return decode(bytes, name());
        }
    }

    private Stamp stamp() throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
        return new Stamp(a.size(), a.lastModifiedTime().toMillis(), a.lastModifiedTime().toString(), a.fileKey());
    }

    static String decode(byte[] bytes, String name) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(name + " is not UTF-8 text", e);
        }
    }

    private record Stamp(long size, long millis, String exactTime, Object fileKey) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Stamp s && s.size == size && s.millis == millis && s.exactTime.equals(exactTime)
                    && Objects.equals(s.fileKey, fileKey);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(size) * 31 + Long.hashCode(millis);
        }
    }
}

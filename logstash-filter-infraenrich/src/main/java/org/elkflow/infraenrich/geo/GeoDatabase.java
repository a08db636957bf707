package org.elkflow.infraenrich.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import com.maxmind.geoip2.DatabaseReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * One MaxMind database file, memory-mapped, re-opened when the file changes (size, modification time or
 * identity). The new reader is opened and checked before it replaces the old one; the old reader is closed
 * one refresh later, so lookups still running on it finish normally. Replace database files by renaming a
 * complete new file over the old one (as geoipupdate does): a memory-mapped file changed in place can be
 * read half-written.
 */
public final class GeoDatabase implements AutoCloseable {

    /** What a database can answer. */
    public enum Kind { CITY, COUNTRY, ASN, ISP }

    private final Path path;
    private final GeoListener listener;
    private volatile Opened opened;
    private DatabaseReader retired;

    private GeoDatabase(Path path, GeoListener listener, Opened opened) {
        this.path = path;
        this.listener = listener;
        this.opened = opened;
    }

    /** Opens a database; fails with a message naming the file if it is missing or not a MaxMind DB. */
    public static GeoDatabase open(Path path, GeoListener listener) throws IOException {
        return new GeoDatabase(path, listener, openReader(path));
    }

    private static Opened openReader(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IOException("GeoIP database not found: " + path);
        }
        Stamp stamp = Stamp.of(path);
        DatabaseReader reader;
        try {
            // CHMCache: decoded records by data offset (bounded, 4096 entries); many IPs share a record.
            reader = new DatabaseReader.Builder(path.toFile()).fileMode(Reader.FileMode.MEMORY_MAPPED)
                    .withCache(new CHMCache()).build();
        } catch (IOException | RuntimeException e) {
            throw new IOException("not a readable MaxMind database: " + path + " (" + e.getMessage() + ")", e);
        }
        String type = reader.getMetadata().getDatabaseType();
        Kind kind = kindOf(type);
        if (kind == null) {
            reader.close();
            throw new IOException("unsupported MaxMind database type '" + type + "' in " + path
                    + " (expected a City, Country, ASN or ISP database)");
        }
        return new Opened(reader, kind, type, stamp);
    }

    static Kind kindOf(String type) {
        if (type == null) {
            return null;
        }
        if (type.contains("City") || type.contains("Enterprise")) {
            return Kind.CITY;
        }
        if (type.contains("Country")) {
            return Kind.COUNTRY;
        }
        if (type.contains("ASN")) {
            return Kind.ASN;
        }
        if (type.contains("ISP")) {
            return Kind.ISP;
        }
        return null;
    }

    public Path path() {
        return path;
    }

    public Kind kind() {
        return opened.kind;
    }

    public String databaseType() {
        return opened.type;
    }

    /** The reader in service now. */
    public DatabaseReader reader() {
        return opened.reader;
    }

    /**
     * Re-opens the file if it changed; returns true if a new reader replaced the old one. Called by the
     * single poller thread.
     */
    public synchronized boolean refreshIfChanged() {
        closeRetired();
        Stamp now;
        try {
            now = Stamp.of(path);
        } catch (IOException e) {
            if (!opened.failedStamp) {
                listener.reopenFailed(path.toString(), "cannot stat: " + e.getMessage() + " (keeping the open database)");
                opened = opened.markFailed();
            }
            return false;
        }
        if (now.equals(opened.stamp) || now.equals(opened.lastBadStamp)) {
            return false;
        }
        Opened fresh;
        try {
            fresh = openReader(path);
        } catch (IOException e) {
            listener.reopenFailed(path.toString(), e.getMessage() + " (keeping the open database)");
            opened = opened.withBadStamp(now);
            return false;
        }
        if (fresh.kind != opened.kind) {
            listener.reopenFailed(path.toString(), "database type changed from " + opened.type + " to " + fresh.type
                    + "; keeping the open database");
            closeQuietly(fresh.reader);
            opened = opened.withBadStamp(now);
            return false;
        }
        retired = opened.reader;
        opened = fresh;
        listener.reopened(path.toString(), fresh.type,
                String.valueOf(fresh.reader.getMetadata().getBuildDate().toInstant()));
        return true;
    }

    private void closeRetired() {
        if (retired != null) {
            closeQuietly(retired);
            retired = null;
        }
    }

    private static void closeQuietly(DatabaseReader r) {
        try {
            r.close();
        } catch (IOException ignored) {
            // nothing to do: the mapping is released by the GC
        }
    }

    @Override
    public synchronized void close() {
        closeRetired();
        closeQuietly(opened.reader);
    }

    private record Opened(DatabaseReader reader, Kind kind, String type, Stamp stamp, Stamp lastBadStamp,
                          boolean failedStamp) {
        Opened(DatabaseReader reader, Kind kind, String type, Stamp stamp) {
            this(reader, kind, type, stamp, null, false);
        }

        Opened withBadStamp(Stamp bad) {
            return new Opened(reader, kind, type, stamp, bad, false);
        }

        Opened markFailed() {
            return new Opened(reader, kind, type, stamp, lastBadStamp, true);
        }
    }

    private record Stamp(long size, String modified, Object fileKey) {
        static Stamp of(Path path) throws IOException {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return new Stamp(a.size(), a.lastModifiedTime().toString(), a.fileKey());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Stamp s && s.size == size && s.modified.equals(modified)
                    && Objects.equals(s.fileKey, fileKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(size, modified);
        }
    }
}

package org.elkflow.flowcodec.input;

import org.apache.logging.log4j.Logger;
import org.elkflow.flowcodec.FlowDatagramDecoder;
import org.elkflow.flowcodec.netflow.TemplateSnapshot;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code template_cache_path}: the decoder's template state loaded on start and written (to a temporary file
 * renamed over the old one, so a crash never leaves half a file) whenever it changed and on stop. A file that
 * cannot be read or parsed is logged and ignored: the exporters will resend their templates.
 */
final class TemplateCacheFile {

    private final Path path;
    private final Logger logger;
    private final String id;
    private long savedChangeCount = -1;

    TemplateCacheFile(Path path, Logger logger, String id) {
        this.path = path;
        this.logger = logger;
        this.id = id;
    }

    void load(FlowDatagramDecoder decoder) {
        TemplateSnapshot snapshot;
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            snapshot = TemplateSnapshot.read(in);
        } catch (NoSuchFileException e) {
            logger.info("flowcodec {}: no template cache at {} yet; starting without templates", id, path);
            savedChangeCount = decoder.templateChangeCount();
            return;
        } catch (IOException | RuntimeException e) {
            logger.error("flowcodec {}: ignoring the corrupt or unreadable template cache {} ({}); templates will be "
                    + "learnt again as exporters resend them", id, path, e.getMessage());
            return;
        }
        int restored = decoder.restoreTemplates(snapshot);
        savedChangeCount = decoder.templateChangeCount();
        logger.info("flowcodec {}: restored {} templates of {} exporters from {}", id, restored,
                snapshot.exporters().size(), path);
    }

    /** Writes the state when it changed since the last write (or load); true when written. */
    boolean saveIfChanged(FlowDatagramDecoder decoder) {
        long changes = decoder.templateChangeCount();
        if (changes == savedChangeCount) {
            return false;
        }
        TemplateSnapshot snapshot = decoder.templateSnapshot();
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                snapshot.write(out);
            }
            try {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
            savedChangeCount = changes;
            logger.debug("flowcodec {}: wrote {} templates to {}", id, snapshot.templateCount(), path);
            return true;
        } catch (IOException | RuntimeException e) {
            logger.error("flowcodec {}: cannot write the template cache {} ({})", id, path, e.toString());
            return false;
        }
    }
}

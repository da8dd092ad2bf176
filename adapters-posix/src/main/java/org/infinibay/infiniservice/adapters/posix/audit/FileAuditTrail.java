package org.infinibay.infiniservice.adapters.posix.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.infinibay.infiniservice.application.port.out.AuditRecord;
import org.infinibay.infiniservice.application.port.out.AuditTrail;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * Appends one JSON line per record ({@link AuditRecord#jsonLine()}) to {@code <dir>/audit.log} (0600,
 * directory 0700). At
 * {@code maxBytes} the file becomes {@code audit.log.1} (replacing the previous one), so the
 * trail never takes more than twice that. Each record is also logged at INFO. Records carry no
 * command text and no environment values, so neither the file nor the log can leak them.
 */
public final class FileAuditTrail implements AuditTrail {
    private static final System.Logger LOG = Logs.get(FileAuditTrail.class);
    public static final long DEFAULT_MAX_BYTES = 1024 * 1024;
    static final String FILE = "audit.log";

    private final Path dir;
    private final Path file;
    private final Path old;
    private final long maxBytes;

    public FileAuditTrail(Path dir) {
        this(dir, DEFAULT_MAX_BYTES);
    }

    public FileAuditTrail(Path dir, long maxBytes) {
        this.dir = dir;
        this.file = dir.resolve(FILE);
        this.old = dir.resolve(FILE + ".1");
        this.maxBytes = maxBytes;
    }

    @Override
    public void record(AuditRecord r) {
        String line = r.jsonLine();
        LOG.log(System.Logger.Level.INFO, "audit {0}", line);
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                prepare();
                if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) + bytes.length > maxBytes) {
                    rotate();
                }
                if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                }
                Files.write(file, bytes, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException | RuntimeException e) {
                // Auditing never changes an execution's outcome; the INFO line above still exists.
                LOG.log(System.Logger.Level.WARNING, "cannot write audit record to {0}: {1}", file, e.getMessage());
            }
        }
    }

    private void prepare() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    private void rotate() throws IOException {
        try {
            Files.move(file, old, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(file, old, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

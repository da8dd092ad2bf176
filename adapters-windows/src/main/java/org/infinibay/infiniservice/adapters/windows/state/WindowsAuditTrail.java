package org.infinibay.infiniservice.adapters.windows.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import org.infinibay.infiniservice.application.port.out.AuditRecord;
import org.infinibay.infiniservice.application.port.out.AuditTrail;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * The audit file on Windows: one {@link AuditRecord#jsonLine()} per record in {@code <dir>\audit.log},
 * the directory's ACL replaced by SYSTEM and Administrators only (full control, inherited by the files
 * in it, none inherited from the parent: {@link WindowsStateStore#privateAcl}), so no POSIX call is
 * ever made on NTFS. At {@code maxBytes} the file becomes {@code audit.log.1} (replacing the previous
 * one). Each record is also logged at INFO; a failure to write is logged and never changes the outcome
 * of what was audited.
 *
 * <p>Off Windows (the tests on Linux) the file system has no ACL view: the directory is used as it is.
 */
public final class WindowsAuditTrail implements AuditTrail {
    private static final System.Logger LOG = Logs.get(WindowsAuditTrail.class);
    public static final long DEFAULT_MAX_BYTES = 1024 * 1024;

    private final Path dir;
    private final Path current;
    private final Path previous;
    private final long maxBytes;
    private boolean protectedDir;

    public WindowsAuditTrail(Path dir) {
        this(dir, DEFAULT_MAX_BYTES);
    }

    public WindowsAuditTrail(Path dir, long maxBytes) {
        this.dir = dir;
        this.current = dir.resolve("audit.log");
        this.previous = dir.resolve("audit.log.1");
        this.maxBytes = maxBytes;
    }

    @Override
    public void record(AuditRecord r) {
        String line = r.jsonLine();
        LOG.log(System.Logger.Level.INFO, "audit {0}", line);
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                protect();
                long size = Files.isRegularFile(current, LinkOption.NOFOLLOW_LINKS) ? Files.size(current) : 0;
                if (size > 0 && size + bytes.length > maxBytes) {
                    try {
                        Files.move(current, previous, StandardCopyOption.REPLACE_EXISTING,
                                StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(current, previous, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                Files.write(current, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot write audit record to {0}: {1}", current, e.getMessage());
            }
        }
    }

    /** Creates the directory and gives it the private ACL, once; files created in it inherit the ACL. */
    private void protect() throws IOException {
        if (protectedDir && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.createDirectories(dir);
        AclFileAttributeView view = Files.getFileAttributeView(dir, AclFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view != null) {
            UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
            view.setAcl(WindowsStateStore.privateAcl(lookup.lookupPrincipalByName(WindowsStateStore.SYSTEM_SID),
                    lookup.lookupPrincipalByName(WindowsStateStore.ADMINISTRATORS_SID)));
        }
        protectedDir = true;
    }

    /** Whether the directory's ACL can be set here (false on Linux file systems: no ACL view). */
    boolean aclSupported() {
        return dir.getFileSystem().supportedFileAttributeViews().contains("acl");
    }
}

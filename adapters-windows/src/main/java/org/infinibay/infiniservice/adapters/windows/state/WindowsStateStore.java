package org.infinibay.infiniservice.adapters.windows.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.infinibay.infiniservice.application.port.out.StateStore;

/**
 * The state directory on Windows ({@code %ProgramData%\InfiniService}, CONTRACT §1.6): its ACL is
 * replaced by exactly two full-control entries, SYSTEM and Administrators, inherited by every file
 * (no inheritance from ProgramData, whose ACL lets Users read). Documents are replaced atomically
 * (write to a temporary file, then move over the old one).
 */
public final class WindowsStateStore implements StateStore {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    /** Well-known SIDs: their names are localised ("NT-AUTORITÄT\SYSTEM"), the SIDs are not. */
    public static final String SYSTEM_SID = "S-1-5-18";
    public static final String ADMINISTRATORS_SID = "S-1-5-32-544";

    private final Path dir;
    private volatile boolean secured;

    public WindowsStateStore(Path dir) {
        this.dir = dir;
    }

    /** The two entries of the private ACL, inherited by files and subdirectories. */
    public static List<AclEntry> privateAcl(UserPrincipal system, UserPrincipal administrators) {
        EnumSet<AclEntryFlag> inherit = EnumSet.of(AclEntryFlag.FILE_INHERIT, AclEntryFlag.DIRECTORY_INHERIT);
        return List.of(
                AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(system)
                        .setPermissions(EnumSet.allOf(AclEntryPermission.class)).setFlags(inherit).build(),
                AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(administrators)
                        .setPermissions(EnumSet.allOf(AclEntryPermission.class)).setFlags(inherit).build());
    }

    /** Creates the directory and applies the private ACL; idempotent. */
    public synchronized void secure() throws IOException {
        if (secured) {
            return;
        }
        Files.createDirectories(dir);
        AclFileAttributeView view = Files.getFileAttributeView(dir, AclFileAttributeView.class);
        if (view != null) { // null off Windows (tests on Linux): POSIX permissions are the caller's job
            UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
            view.setAcl(privateAcl(lookup.lookupPrincipalByName(SYSTEM_SID),
                    lookup.lookupPrincipalByName(ADMINISTRATORS_SID)));
        }
        secured = true;
    }

    @Override
    public Optional<byte[]> read(String name) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(path(name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void write(String name, byte[] content) throws IOException {
        secure();
        Path target = path(name);
        Path tmp = dir.resolve(name + ".tmp");
        Files.write(tmp, content, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void append(String name, byte[] content) throws IOException {
        secure();
        Files.write(path(name), content, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    }

    /** The same append without write-through: in the file cache when it returns, on disk after {@link #sync}. */
    @Override
    public void appendUnsynced(String name, byte[] content) throws IOException {
        secure();
        Files.write(path(name), content, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }

    /** FlushFileBuffers on the document (it flushes the file's cached data whichever handle wrote it). */
    @Override
    public void sync(String name) throws IOException {
        try (FileChannel ch = FileChannel.open(path(name), StandardOpenOption.WRITE)) {
            ch.force(false);
        } catch (NoSuchFileException e) {
            // deleted since the append: nothing left to make durable
        }
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(path(name));
    }

    @Override
    public String location() {
        return dir.toString();
    }

    private Path path(String name) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new IOException("invalid state document name");
        }
        return dir.resolve(name);
    }
}

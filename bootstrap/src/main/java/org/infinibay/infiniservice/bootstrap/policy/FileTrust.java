package org.infinibay.infiniservice.bootstrap.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Only the guest's administrator may restrict (or widen) what the host can do: the policy file and
 * the directory holding it must be owned by root (uid 0) and not writable by group or others
 * (Windows: owned by SYSTEM or Administrators, and no write access for anyone else). Otherwise any
 * local user could rewrite the rules.
 */
final class FileTrust {
    private static final Set<PosixFilePermission> FOREIGN_WRITE =
            EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    private static final Set<String> WINDOWS_ADMINS = Set.of("nt authority\\system", "builtin\\administrators",
            "nt service\\trustedinstaller", "creator owner");
    private static final Set<AclEntryPermission> WINDOWS_WRITE = EnumSet.of(AclEntryPermission.WRITE_DATA,
            AclEntryPermission.APPEND_DATA, AclEntryPermission.WRITE_OWNER, AclEntryPermission.WRITE_ACL,
            AclEntryPermission.DELETE);

    private FileTrust() {
    }

    /** Why {@code file} (already resolved to its real path) cannot be trusted; empty when it can. */
    static Optional<String> problem(Path file) throws IOException {
        Optional<String> p = check(file, "file");
        if (p.isPresent()) {
            return p;
        }
        Path dir = file.getParent();
        return dir == null ? Optional.empty() : check(dir, "directory");
    }

    private static Optional<String> check(Path path, String what) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (posix != null) {
            PosixFileAttributes a = posix.readAttributes();
            Object uid = Files.getAttribute(path, "unix:uid");
            if (!(uid instanceof Integer) || (Integer) uid != 0) {
                return Optional.of(what + " " + path + " is owned by " + a.owner().getName() + " (uid " + uid
                        + "), not root");
            }
            Set<PosixFilePermission> perms = a.permissions();
            if (anyOf(perms, FOREIGN_WRITE)) {
                return Optional.of(what + " " + path + " is writable by group or others ("
                        + java.nio.file.attribute.PosixFilePermissions.toString(perms) + ")");
            }
            return Optional.empty();
        }
        FileOwnerAttributeView owner = Files.getFileAttributeView(path, FileOwnerAttributeView.class);
        if (owner == null) {
            return Optional.of("cannot read the owner of " + path);
        }
        String name = owner.getOwner().getName().toLowerCase(Locale.ROOT);
        if (!WINDOWS_ADMINS.contains(name)) {
            return Optional.of(what + " " + path + " is owned by " + owner.getOwner().getName()
                    + ", not SYSTEM or Administrators");
        }
        AclFileAttributeView acl = Files.getFileAttributeView(path, AclFileAttributeView.class);
        if (acl != null) {
            for (AclEntry e : acl.getAcl()) {
                if (e.type() == AclEntryType.ALLOW
                        && !WINDOWS_ADMINS.contains(e.principal().getName().toLowerCase(Locale.ROOT))
                        && anyOf(e.permissions(), WINDOWS_WRITE)) {
                    return Optional.of(what + " " + path + " grants write access to " + e.principal().getName());
                }
            }
        }
        return Optional.empty();
    }

    /** Whether {@code have} holds any of {@code wanted}: a loop, not a stream (start-up path, issue #17). */
    private static <T> boolean anyOf(Set<T> have, Set<T> wanted) {
        for (T t : have) {
            if (wanted.contains(t)) {
                return true;
            }
        }
        return false;
    }
}

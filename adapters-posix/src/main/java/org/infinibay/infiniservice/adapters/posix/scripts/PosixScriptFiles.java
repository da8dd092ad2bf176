package org.infinibay.infiniservice.adapters.posix.scripts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.infinibay.infiniservice.application.port.out.ScriptFiles;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * Private temporary files for pending scripts on a POSIX guest (CONTRACT §10.1: scripts run as files).
 * Each script gets its own directory holding one file, written as UTF-8 (what every POSIX shell and
 * PowerShell 7 read).
 *
 * <p>Without a run-as user both are the agent's: directory 0700, file 0600. With one, the user must
 * be able to read its script and nothing else: the directory stays the agent's (0711: traversable,
 * not listable, not writable by anyone else) and only the file is handed over, read-only (0400). So
 * the run-as user never owns a directory the agent later deletes: it cannot create, rename or swap
 * anything there (issue #13 item 2: a user who owned its run directory filled it and swapped a path
 * component for a link while the agent deleted it, and the agent deleted a root file). The base
 * directory is 0711 too, so such a user reaches its own directory without listing the others.
 *
 * <p>The deletion itself never follows a link either: it works on open directory handles
 * ({@link SecureDirectoryStream}: {@code openat} with {@code O_NOFOLLOW}, {@code unlinkat}), so even
 * a root script that leaves links or trees behind only ever has its own entries removed.
 */
public final class PosixScriptFiles implements ScriptFiles {
    private static final System.Logger LOG = Logs.get(PosixScriptFiles.class);
    /** Deeper trees (only a root script can make them) are left in place with a warning. */
    private static final int MAX_DEPTH = 64;

    private final Path configuredBase;
    private final Path sharedBase = Path.of(System.getProperty("java.io.tmpdir"), "infiniservice-scripts");
    private Path base;
    private Path userBase;

    /** @param configuredBase where script directories go; {@code null}: java.io.tmpdir/infiniservice-scripts */
    public PosixScriptFiles(Path configuredBase) {
        this.configuredBase = configuredBase;
    }

    /** Writes {@code content} to a new private file named {@code script<extension>}. */
    @Override
    public synchronized Path create(String content, String extension, String owner) throws IOException {
        Path parent = owner == null ? base() : baseReachableByOthers();
        String mode = owner == null ? "rwx------" : "rwx--x--x";
        Path dir = Files.createTempDirectory(parent, "run-", perms(mode));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode)); // whatever the umask
        Path file = dir.resolve("script" + extension);
        try {
            Files.createFile(file, perms("rw-------"));
            Files.write(file, content.getBytes(StandardCharsets.UTF_8));
            if (owner != null) {
                // Only the file changes hands, and it stays in the agent's directory (see the class comment).
                UserPrincipal user = lookup().lookupPrincipalByName(owner);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
                Files.setOwner(file, user);
            }
            return file;
        } catch (IOException | RuntimeException e) {
            delete(file);
            throw e;
        }
    }

    /** Removes a script file and its directory without following any link; never throws. */
    @Override
    public void delete(Path file) {
        Path dir = file.getParent();
        Path parent = dir.getParent();
        try (DirectoryStream<Path> ps = Files.newDirectoryStream(parent)) {
            if (ps instanceof SecureDirectoryStream) {
                deleteTree((SecureDirectoryStream<Path>) ps, dir.getFileName(), 0);
            } else {
                // every POSIX file system of the JDK has openat; without it nothing is deleted by path
                LOG.log(System.Logger.Level.WARNING, "cannot delete {0}: no openat on this file system", dir);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete {0}: {1}", dir, e.getMessage());
        }
    }

    /** Deletes {@code name} in {@code parent}: a directory through a handle opened with O_NOFOLLOW, anything else unlinked. */
    private static void deleteTree(SecureDirectoryStream<Path> parent, Path name, int depth) {
        List<Path> entries = new ArrayList<>();
        try (SecureDirectoryStream<Path> d = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
            if (depth >= MAX_DEPTH) {
                LOG.log(System.Logger.Level.WARNING, "script directory deeper than {0} levels left in place", MAX_DEPTH);
                return;
            }
            for (Path e : d) {
                entries.add(e.getFileName());
            }
            for (Path e : entries) {
                deleteTree(d, e, depth + 1);
            }
        } catch (NoSuchFileException e) {
            return; // already gone
        } catch (DirectoryIteratorException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list {0}: {1}", name, e.getCause().getMessage());
            return;
        } catch (IOException e) {
            // not a directory (a file or a link, never followed) or not openable: unlink the entry itself
            unlink(parent, name, false);
            return;
        }
        unlink(parent, name, true);
    }

    private static void unlink(SecureDirectoryStream<Path> parent, Path name, boolean directory) {
        try {
            if (directory) {
                parent.deleteDirectory(name);
            } else {
                parent.deleteFile(name);
            }
        } catch (NoSuchFileException ignored) {
            // gone meanwhile
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete {0}: {1}", name, e.getMessage());
        }
    }

    private Path base() throws IOException {
        if (base == null || !Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
            base = prepare(configuredBase != null ? configuredBase : sharedBase);
        }
        return base;
    }

    /**
     * A run-as user must be able to traverse every parent of its script directory; a configured
     * base under the 0700 state directory is not, so such scripts go under the shared base.
     */
    private Path baseReachableByOthers() throws IOException {
        Path b = base();
        if (traversableByOthers(b)) {
            return b;
        }
        if (userBase == null || !Files.isDirectory(userBase, LinkOption.NOFOLLOW_LINKS)) {
            userBase = prepare(sharedBase);
        }
        return userBase;
    }

    private static boolean traversableByOthers(Path dir) throws IOException {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    private Path prepare(Path wanted) throws IOException {
        Path chosen = wanted;
        try {
            if (!Files.exists(wanted, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(wanted, perms("rwx--x--x"));
            }
            if (!trusted(wanted)) {
                // Someone else prepared this path (e.g. in /tmp): never write scripts into it.
                LOG.log(System.Logger.Level.WARNING, "{0} is not a directory owned by the agent; using a fresh one",
                        wanted);
                chosen = Files.createTempDirectory("infiniservice-scripts-");
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot use {0} ({1}); using a fresh directory", wanted, e.getMessage());
            chosen = Files.createTempDirectory("infiniservice-scripts-");
        }
        Files.setPosixFilePermissions(chosen, PosixFilePermissions.fromString("rwx--x--x"));
        return chosen;
    }

    private boolean trusted(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Path probe = Files.createTempFile(dir, "owner-", ".probe", perms("rw-------"));
        try {
            return Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).equals(Files.getOwner(probe));
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    private static UserPrincipalLookupService lookup() {
        return FileSystems.getDefault().getUserPrincipalLookupService();
    }

    private static FileAttribute<Set<PosixFilePermission>> perms(String p) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(p));
    }
}

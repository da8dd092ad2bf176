package org.infinibay.infiniservice.application.service.scripts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Private temporary files for pending scripts (CONTRACT §10.1: scripts run as files). Each script
 * gets its own 0700 directory holding one 0600 file; both are handed to the run-as user when there
 * is one (it must be able to read its script, nobody else may). The base directory is 0711 so such
 * a user can reach its own directory without listing the others.
 */
final class ScriptFiles {
    private static final System.Logger LOG = System.getLogger(ScriptFiles.class.getName());
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final Path configuredBase;
    private final Path sharedBase = Path.of(System.getProperty("java.io.tmpdir"), "infiniservice-scripts");
    private final boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private Path base;
    private Path userBase;

    /** @param configuredBase where script directories go; {@code null}: java.io.tmpdir/infiniservice-scripts */
    ScriptFiles(Path configuredBase) {
        this.configuredBase = configuredBase;
    }

    /** Writes {@code content} to a new private file named {@code script<extension>}. */
    synchronized Path create(String content, String extension, String owner) throws IOException {
        Path parent = owner == null ? base() : baseReachableByOthers();
        Path dir = posix ? Files.createTempDirectory(parent, "run-", perms("rwx------"))
                : Files.createTempDirectory(parent, "run-");
        Path file = dir.resolve("script" + extension);
        try {
            if (posix) {
                Files.createFile(file, perms("rw-------"));
            } else {
                Files.createFile(file);
            }
            byte[] body = content.getBytes(StandardCharsets.UTF_8);
            if (extension.equals(".ps1")) {
                // Windows PowerShell 5.1 reads a BOM-less script in the ANSI code page.
                byte[] withBom = new byte[body.length + UTF8_BOM.length];
                System.arraycopy(UTF8_BOM, 0, withBom, 0, UTF8_BOM.length);
                System.arraycopy(body, 0, withBom, UTF8_BOM.length, body.length);
                body = withBom;
            }
            Files.write(file, body);
            if (owner != null) {
                UserPrincipal user = lookup().lookupPrincipalByName(owner);
                Files.setOwner(file, user);
                Files.setOwner(dir, user);
            }
            return file;
        } catch (IOException | RuntimeException e) {
            delete(file);
            throw e;
        }
    }

    /** Removes a script file and its directory; never throws. */
    void delete(Path file) {
        Path dir = file.getParent();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot delete {0}: {1}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete {0}: {1}", dir, e.getMessage());
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
        if (!posix || traversableByOthers(b)) {
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
                if (posix) {
                    Files.createDirectories(wanted, perms("rwx--x--x"));
                } else {
                    Files.createDirectories(wanted);
                }
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
        if (posix) {
            Files.setPosixFilePermissions(chosen, PosixFilePermissions.fromString("rwx--x--x"));
        }
        return chosen;
    }

    private boolean trusted(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!posix) {
            return true;
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

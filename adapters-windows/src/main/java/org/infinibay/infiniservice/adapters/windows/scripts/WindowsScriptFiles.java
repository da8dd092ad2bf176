package org.infinibay.infiniservice.adapters.windows.scripts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.infinibay.infiniservice.application.port.out.ScriptFiles;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * Private temporary files for pending scripts on Windows (CONTRACT §10.1). Each script gets its own
 * directory below the state directory, whose ACL (SYSTEM and Administrators only, inherited:
 * {@code WindowsStateStore}) every directory and file created here inherits; {@code run_as} is
 * refused on Windows (§10.2), so no file is ever handed to another account. A {@code .ps1} file
 * starts with a UTF-8 BOM: Windows PowerShell 5.1 reads a BOM-less script in the ANSI code page.
 * Deletion walks the tree without following links or junctions (Windows has no {@code openat}).
 */
public final class WindowsScriptFiles implements ScriptFiles {
    private static final System.Logger LOG = Logs.get(WindowsScriptFiles.class);
    static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final Path base;

    /** @param base where script directories go (below the state directory, so its ACL is inherited) */
    public WindowsScriptFiles(Path base) {
        this.base = base;
    }

    @Override
    public synchronized Path create(String content, String extension, String owner) throws IOException {
        if (owner != null) {
            throw new IOException("run_as is not supported on Windows");
        }
        Files.createDirectories(base);
        Path dir = Files.createTempDirectory(base, "run-");
        Path file = dir.resolve("script" + extension);
        try {
            Files.write(file, encode(content, extension));
            return file;
        } catch (IOException | RuntimeException e) {
            delete(file);
            throw e;
        }
    }

    /** The bytes of a script: UTF-8, with a BOM for PowerShell. */
    static byte[] encode(String content, String extension) {
        byte[] body = content.getBytes(StandardCharsets.UTF_8);
        if (!extension.equalsIgnoreCase(".ps1")) {
            return body;
        }
        byte[] withBom = new byte[body.length + UTF8_BOM.length];
        System.arraycopy(UTF8_BOM, 0, withBom, 0, UTF8_BOM.length);
        System.arraycopy(body, 0, withBom, UTF8_BOM.length, body.length);
        return withBom;
    }

    /** A walk that never follows links (the walk's default) and deletes entries bottom-up; never throws. */
    @Override
    public void delete(Path file) {
        Path dir = file.getParent();
        if (dir == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                    Files.deleteIfExists(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete {0}: {1}", dir, e.getMessage());
        }
    }
}

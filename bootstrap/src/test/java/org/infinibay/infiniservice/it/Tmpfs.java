package org.infinibay.infiniservice.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real small filesystem for the tests of a full or read-only state directory: a tmpfs of a fixed
 * size mounted on a temporary directory (needs root; a test without it is skipped with that reason,
 * never passed). {@link #fill()} writes a filler file until the kernel says ENOSPC.
 */
public final class Tmpfs implements AutoCloseable {
    private static final String FILLER = ".filler";
    private final Path path;
    private final List<Path> readOnlyBinds = new java.util.ArrayList<>();

    private Tmpfs(Path path) {
        this.path = path;
    }

    /** Mounts a tmpfs of {@code size} (e.g. {@code "256k"}) on {@code dir}, or skips the test. */
    public static Tmpfs mount(Path dir, String size) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int rc = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", dir.toString());
        assumeTrue(rc == 0, "a full state directory needs a real small filesystem: mounting a tmpfs needs root "
                + "(mount exit " + rc + "), skipped");
        return new Tmpfs(dir);
    }

    public Path path() {
        return path;
    }

    /** Fills the filesystem: a filler file grows until the kernel refuses (ENOSPC). */
    public void fill() throws IOException {
        byte[] chunk = new byte[4096];
        try (OutputStream out = Files.newOutputStream(path.resolve(FILLER))) {
            while (true) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
    }

    /** Gives the filler's space back. */
    public void free() throws IOException {
        Files.deleteIfExists(path.resolve(FILLER));
    }

    /** {@code target} becomes a read-only view of {@code source} (a bind mount), until close. */
    public Path readOnlyView(Path source, Path target) throws IOException, InterruptedException {
        Files.createDirectories(target);
        if (run("mount", "--bind", source.toString(), target.toString()) != 0
                || run("mount", "-o", "remount,bind,ro", target.toString()) != 0) {
            throw new IOException("read-only bind mount of " + source + " failed");
        }
        readOnlyBinds.add(target);
        return target;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Path p : readOnlyBinds) {
            run("umount", "-l", p.toString());
        }
        run("umount", "-l", path.toString());
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}

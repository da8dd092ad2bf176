package org.infinibay.infiniservice.adapters.linux.actions;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Deletes old regular files below a root without following symlinks (the walk never follows them and
 * links themselves are left alone), without crossing into another filesystem (device id differs),
 * skipping files some process holds open, then removes directories left empty.
 */
final class TreeCleaner {

    /** Running totals for one target. */
    static final class Totals {
        long bytes;
        long files;
        int errors;
        String firstError;
    }

    private TreeCleaner() {
    }

    /**
     * @param minAgeMillis only files last modified at least this long ago
     * @param skipName     names (files or directories) never touched, e.g. {@code .X11-unix}
     * @param removeRoot   false: the root itself is kept even when empty
     */
    static void clean(Path root, long minAgeMillis, Predicate<String> skipName, Set<Path> openFiles, Totals totals,
                      boolean removeRoot) throws InterruptedException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Object rootDev = device(root);
        long cutoff = System.currentTimeMillis() - minAgeMillis;
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (Thread.currentThread().isInterrupted()) {
                        return FileVisitResult.TERMINATE;
                    }
                    if (!dir.equals(root) && (skipName.test(dir.getFileName().toString())
                            || !java.util.Objects.equals(device(dir), rootDev))) {
                        return FileVisitResult.SKIP_SUBTREE; // never cross filesystems
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!attrs.isRegularFile() || skipName.test(file.getFileName().toString())) {
                        return FileVisitResult.CONTINUE; // symlinks, sockets, fifos, devices stay
                    }
                    if (attrs.lastModifiedTime().toMillis() > cutoff || openFiles.contains(file.toAbsolutePath())) {
                        return FileVisitResult.CONTINUE;
                    }
                    try {
                        Files.delete(file);
                        totals.bytes += attrs.size();
                        totals.files++;
                    } catch (IOException e) {
                        error(totals, e);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    error(totals, e);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    if ((removeRoot || !dir.equals(root)) && isEmpty(dir)) {
                        try {
                            if (Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).toMillis() <= cutoff
                                    || minAgeMillis == 0) {
                                Files.delete(dir);
                            }
                        } catch (IOException x) {
                            // a directory refilled or in use: keep it
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            error(totals, e);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("cleanup interrupted");
        }
    }

    private static boolean isEmpty(Path dir) {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    static Object device(Path p) {
        try {
            return Files.getAttribute(p, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    private static void error(Totals t, IOException e) {
        t.errors++;
        if (t.firstError == null) {
            t.firstError = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** Size of all regular files below {@code root} (no symlinks followed), 0 when absent. */
    static long size(Path root) {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        long[] total = new long[1];
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        total[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return total[0];
        }
        return total[0];
    }
}

package org.infinibay.infiniservice.adapters.windows.cleanup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.LongSupplier;
import org.infinibay.infiniservice.application.port.out.Deadline;

/**
 * Deletes the contents of a directory tree, never its root: files last modified before a cut-off,
 * then directories left empty. Reparse points — symbolic links, junctions, mount points — are
 * neither followed nor deleted (a junction in a temp folder may point at a user's documents), and
 * files in use are skipped. Pure NIO: tested on Linux with symbolic links.
 */
public final class TreeCleaner {
    /** Windows FILE_ATTRIBUTE_REPARSE_POINT, read through the "dos:attributes" view where it exists. */
    static final int REPARSE_POINT = 0x400;

    /** Files and bytes removed, files that could not be (in use, denied). */
    public record Tally(long files, long bytes, long skipped) {
        Tally plus(Tally o) {
            return new Tally(files + o.files, bytes + o.bytes, skipped + o.skipped);
        }
    }

    private final LongSupplier nanoClock;

    public TreeCleaner(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * @param olderThanMillis delete files last modified before this epoch time ({@code Long.MAX_VALUE}: all)
     */
    public Tally clean(Path root, long olderThanMillis, Deadline deadline) throws InterruptedException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS) || isLink(root)) {
            return new Tally(0, 0, 0);
        }
        return walk(root, olderThanMillis, deadline);
    }

    private Tally walk(Path dir, long cutoff, Deadline deadline) throws InterruptedException {
        Tally t = new Tally(0, 0, 0);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (deadline.passed(nanoClock.getAsLong())) {
                    return t;
                }
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    t = t.plus(new Tally(0, 0, 1));
                    continue;
                }
                if (a.isSymbolicLink() || a.isOther() || isLink(p)) {
                    continue; // a reparse point: not followed, not removed
                }
                if (a.isDirectory()) {
                    t = t.plus(walk(p, cutoff, deadline));
                    try {
                        Files.delete(p); // only succeeds when the walk emptied it
                    } catch (IOException e) {
                        // not empty (recent or busy files remain) or denied: keep it
                    }
                } else if (a.lastModifiedTime().toMillis() < cutoff) {
                    try {
                        Files.delete(p);
                        t = t.plus(new Tally(1, a.size(), 0));
                    } catch (IOException e) {
                        t = t.plus(new Tally(0, 0, 1)); // in use or denied
                    }
                }
            }
        } catch (IOException e) {
            return t.plus(new Tally(0, 0, 1));
        }
        return t;
    }

    /** A Windows reparse point that Java reports as a plain directory (e.g. a junction). */
    static boolean isLink(Path p) {
        if (Files.isSymbolicLink(p)) {
            return true;
        }
        try {
            Object attrs = Files.getAttribute(p, "dos:attributes", LinkOption.NOFOLLOW_LINKS);
            return attrs instanceof Integer i && (i & REPARSE_POINT) != 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false; // no DOS view (Linux): symbolic links were checked above
        }
    }
}

package org.infinibay.infiniservice.adapters.windows.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real files and symbolic links: old files go, recent ones and everything behind a link stay. */
class TreeCleanerTest {
    @TempDir
    Path tmp;

    private static Deadline far() {
        return new Deadline(System.nanoTime() + TimeUnit.MINUTES.toNanos(1), 60);
    }

    @Test
    void deletesOldFilesKeepsRecentAndNeverFollowsLinks() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("Temp"));
        Path outside = Files.createDirectories(tmp.resolve("Documents"));
        Path precious = Files.writeString(outside.resolve("thesis.docx"), "keep");
        Files.setLastModifiedTime(precious, FileTime.fromMillis(0));
        Path old = Files.writeString(Files.createDirectories(root.resolve("a/b")).resolve("old.tmp"), "12345");
        Files.setLastModifiedTime(old, FileTime.fromMillis(System.currentTimeMillis() - TimeUnit.DAYS.toMillis(2)));
        Path recent = Files.writeString(root.resolve("recent.tmp"), "x");
        Path link = Files.createSymbolicLink(root.resolve("docs-link"), outside);
        Path fileLink = Files.createSymbolicLink(root.resolve("file-link"), precious);

        TreeCleaner.Tally t = new TreeCleaner(System::nanoTime).clean(root,
                System.currentTimeMillis() - TimeUnit.HOURS.toMillis(24), far());

        assertEquals(1, t.files());
        assertEquals(5, t.bytes());
        assertFalse(Files.exists(old));
        assertFalse(Files.exists(root.resolve("a")), "emptied directories go");
        assertTrue(Files.exists(recent));
        assertTrue(Files.exists(precious), "nothing behind a link is touched");
        assertTrue(Files.isSymbolicLink(link) && Files.isSymbolicLink(fileLink), "links themselves are left");
        assertTrue(Files.isDirectory(root), "the root stays");
    }

    @Test
    void aLinkAsRootIsNotCleaned() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("real"));
        Path f = Files.writeString(outside.resolve("f"), "x");
        Path link = Files.createSymbolicLink(tmp.resolve("Temp"), outside);
        assertEquals(0, new TreeCleaner(System::nanoTime).clean(link, Long.MAX_VALUE, far()).files());
        assertTrue(Files.exists(f));
    }

    @Test
    void browserCachePatternsExpandProfilesOnly() throws Exception {
        Path user = tmp.resolve("Users/alice");
        Path cache = Files.createDirectories(user.resolve("AppData/Local/Google/Chrome/User Data/Default/Cache"));
        Files.createDirectories(user.resolve("AppData/Local/Mozilla/Firefox/Profiles/abc.default/cache2"));
        Path outside = Files.createDirectories(tmp.resolve("elsewhere/Cache"));
        Files.createSymbolicLink(user.resolve("AppData/Local/Microsoft"), tmp.resolve("elsewhere"));
        List<Path> found = WindowsCleanupTargets.browserCaches(List.of(user));
        assertEquals(List.of(cache, user.resolve("AppData/Local/Mozilla/Firefox/Profiles/abc.default/cache2")), found);
        assertFalse(found.contains(outside), "a linked folder is not expanded");
    }
}

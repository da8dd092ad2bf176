package org.infinibay.infiniservice.adapters.posix.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStateStoreTest {
    @TempDir
    Path tmp;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void createsPrivateDirectoryAndPrivateFiles() throws Exception {
        Path dir = tmp.resolve("a/b/state");
        FileStateStore s = new FileStateStore(dir);
        assertEquals(dir.toString(), s.location());
        s.write("replay-cache.json", "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals("rwx------", mode(dir));
        assertEquals("rw-------", mode(dir.resolve("replay-cache.json")));
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), s.read("replay-cache.json").orElseThrow());
    }

    @Test
    void tightensLooserExistingDirectory() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("state"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        new FileStateStore(dir).read("x");
        assertEquals("rwx------", mode(dir));
    }

    @Test
    void appendCreatesAPrivateFileAndAddsAtTheEnd() throws Exception {
        Path dir = tmp.resolve("s");
        FileStateStore s = new FileStateStore(dir);
        s.append("replay-cache.txt", "1 a\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("rw-------", mode(dir.resolve("replay-cache.txt")));
        s.append("replay-cache.txt", "2 b\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("1 a\n2 b\n", new String(s.read("replay-cache.txt").orElseThrow(), StandardCharsets.US_ASCII));
        s.write("replay-cache.txt", "3 c\n".getBytes(StandardCharsets.US_ASCII));
        s.append("replay-cache.txt", "4 d\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("3 c\n4 d\n", new String(s.read("replay-cache.txt").orElseThrow(), StandardCharsets.US_ASCII));
        assertThrows(IllegalArgumentException.class, () -> s.append("../x", new byte[] {1}));
    }

    @Test
    void unsyncedAppendsAreReadableAtOnceAlsoByANewStoreAndSyncMakesThemDurable() throws Exception {
        Path dir = tmp.resolve("s");
        FileStateStore s = new FileStateStore(dir);
        s.sync("replay-cache.txt"); // nothing appended yet: nothing to do
        s.appendUnsynced("replay-cache.txt", "1 a\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("rw-------", mode(dir.resolve("replay-cache.txt")));
        s.appendUnsynced("replay-cache.txt", "2 b\n".getBytes(StandardCharsets.US_ASCII));
        // in the page cache: this store, a new store (an agent restart) and a plain read see both entries
        assertEquals("1 a\n2 b\n", text(s, "replay-cache.txt"));
        assertEquals("1 a\n2 b\n", text(new FileStateStore(dir), "replay-cache.txt"));
        s.sync("replay-cache.txt");
        s.sync("replay-cache.txt");
        assertEquals("1 a\n2 b\n", Files.readString(dir.resolve("replay-cache.txt")));
        assertEquals(1, openDescriptors(dir.resolve("replay-cache.txt")), "one append channel, kept open");
    }

    @Test
    void writeAndDeleteCloseTheAppendChannelSoLaterAppendsGoToTheNewFile() throws Exception {
        Path dir = tmp.resolve("s");
        Path file = dir.resolve("replay-cache.txt");
        FileStateStore s = new FileStateStore(dir);
        s.appendUnsynced("replay-cache.txt", "1 a\n".getBytes(StandardCharsets.US_ASCII));
        s.write("replay-cache.txt", "3 c\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(0, openDescriptors(file), "the rename replaced the file the channel pointed to");
        s.sync("replay-cache.txt"); // write() was durable: nothing left
        s.appendUnsynced("replay-cache.txt", "4 d\n".getBytes(StandardCharsets.US_ASCII));
        s.append("replay-cache.txt", "5 e\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("3 c\n4 d\n5 e\n", text(s, "replay-cache.txt"));
        s.delete("replay-cache.txt");
        assertEquals(0, openDescriptors(file));
        s.sync("replay-cache.txt");
        s.appendUnsynced("replay-cache.txt", "6 f\n".getBytes(StandardCharsets.US_ASCII));
        s.sync("replay-cache.txt");
        assertEquals("6 f\n", text(s, "replay-cache.txt"));
        assertEquals("rw-------", mode(file));
        assertThrows(IllegalArgumentException.class, () -> s.appendUnsynced("../x", new byte[] {1}));
        assertThrows(IllegalArgumentException.class, () -> s.sync("a/b"));
    }

    @Test
    void aBackgroundSyncRacingAppendsAndRewritesNeitherFailsNorLosesEntries() throws Exception {
        Path dir = tmp.resolve("s");
        FileStateStore s = new FileStateStore(dir);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread syncer = new Thread(() -> {
            try {
                while (!stop.get()) {
                    s.sync("doc");
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        syncer.start();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            if (i % 50 == 0) {
                s.write("doc", expected.toString().getBytes(StandardCharsets.US_ASCII));
            }
            String line = i + "\n";
            s.appendUnsynced("doc", line.getBytes(StandardCharsets.US_ASCII));
            expected.append(line);
        }
        stop.set(true);
        syncer.join();
        assertEquals(null, failure.get());
        assertEquals(expected.toString(), text(s, "doc"));
    }

    private static String text(FileStateStore s, String name) throws Exception {
        return new String(s.read(name).orElseThrow(), StandardCharsets.US_ASCII);
    }

    /** How many of this JVM's descriptors point at the file. */
    private static long openDescriptors(Path file) throws Exception {
        Path real = file.toAbsolutePath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (Exception e) {
                    return false; // closed while listing
                }
            }).count();
        }
    }

    @Test
    void readMissingIsEmptyAndDeleteIsIdempotent() throws Exception {
        FileStateStore s = new FileStateStore(tmp.resolve("s"));
        assertEquals(Optional.empty(), s.read("nothing"));
        s.write("k", new byte[] {1, 2, 3});
        s.delete("k");
        s.delete("k");
        assertEquals(Optional.empty(), s.read("k"));
    }

    @Test
    void rejectsNamesOutsideTheAllowedAlphabet() {
        FileStateStore s = new FileStateStore(tmp.resolve("s"));
        for (String bad : new String[] {"", ".", "..", "../escape", "a/b", "sp ace", "é", "a\u0000b", "x".repeat(300)}) {
            assertThrows(IllegalArgumentException.class, () -> s.write(bad, new byte[0]), bad);
            assertThrows(IllegalArgumentException.class, () -> s.read(bad), bad);
            assertThrows(IllegalArgumentException.class, () -> s.delete(bad), bad);
        }
        assertTrue(Files.notExists(tmp.resolve("escape")));
    }

    @Test
    void replaceIsAtomicForConcurrentReadersAndLeavesNoTempFiles() throws Exception {
        Path dir = tmp.resolve("s");
        FileStateStore s = new FileStateStore(dir);
        byte[] a = "A".repeat(200_000).getBytes(StandardCharsets.UTF_8);
        byte[] b = "B".repeat(300_000).getBytes(StandardCharsets.UTF_8);
        s.write("doc", a);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> torn = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                while (!stop.get()) {
                    byte[] got = s.read("doc").orElseThrow();
                    if (!java.util.Arrays.equals(got, a) && !java.util.Arrays.equals(got, b)) {
                        torn.set("torn read of " + got.length + " bytes");
                    }
                }
            } catch (Exception e) {
                torn.set(e.toString());
            }
        });
        reader.start();
        for (int i = 0; i < 40; i++) {
            s.write("doc", i % 2 == 0 ? b : a);
        }
        stop.set(true);
        reader.join();
        assertEquals(null, torn.get());
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).collect(Collectors.toList());
            assertEquals(List.of("doc"), names);
        }
        assertEquals("rw-------", mode(dir.resolve("doc")));
    }

    /** Temp names come from a per-store counter (no createTempFile): concurrent writers never share one. */
    @Test
    void concurrentWritersOfOneDocumentEachReplaceItWholeAndLeaveNoTempFiles() throws Exception {
        Path dir = tmp.resolve("s");
        FileStateStore s = new FileStateStore(dir);
        List<byte[]> versions = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            versions.add(String.valueOf((char) ('a' + t)).repeat(50_000 + t).getBytes(StandardCharsets.UTF_8));
        }
        AtomicReference<String> failure = new AtomicReference<>();
        List<Thread> writers = new java.util.ArrayList<>();
        for (byte[] v : versions) {
            Thread w = new Thread(() -> {
                try {
                    for (int i = 0; i < 25; i++) {
                        s.write("doc", v);
                    }
                } catch (Exception e) {
                    failure.set(e.toString());
                }
            });
            writers.add(w);
            w.start();
        }
        for (Thread w : writers) {
            w.join();
        }
        assertEquals(null, failure.get());
        byte[] last = s.read("doc").orElseThrow();
        assertTrue(versions.stream().anyMatch(v -> java.util.Arrays.equals(v, last)), "one whole version");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("doc"), files.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        }
    }
}

package org.infinibay.infiniservice.adapters.linux.apps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DpkgIndex#readFile} reads in small chunks and must return exactly what the file holds. */
class DpkgIndexReadFileTest {
    @TempDir
    Path tmp;

    @Test
    void returnsExactlyTheFileWhateverItsSize() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        for (int size : new int[] {0, 1, 8191, 8192, 8193, 65_536, 700_001}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            Path f = Files.write(tmp.resolve("f" + size), data);
            assertArrayEquals(data, DpkgIndex.readFile(f), "size " + size);
        }
    }

    @Test
    void readsFilesThatReportNoSize() throws IOException {
        // /proc files stat as 0 bytes but have content: the buffer must grow to EOF.
        byte[] status = DpkgIndex.readFile(Path.of("/proc/self/status"));
        assertTrue(status.length > 100 && new String(status, java.nio.charset.StandardCharsets.US_ASCII).contains("VmRSS"));
    }

    @Test
    void missingFileIsAnIoError() {
        assertThrows(NoSuchFileException.class, () -> DpkgIndex.readFile(tmp.resolve("absent")));
    }
}

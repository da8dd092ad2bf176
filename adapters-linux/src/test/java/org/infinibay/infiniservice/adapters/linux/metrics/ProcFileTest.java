package org.infinibay.infiniservice.adapters.linux.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ProcFile} reads in chunks of at most {@link ProcFile#READ_CHUNK}; the content must be whole. */
class ProcFileTest {
    @TempDir
    Path tmp;

    @Test
    void loadsFilesLargerThanOneReadAndHonoursTheLimit() throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        ProcFile f = new ProcFile(16);
        for (int size : new int[] {0, 5, ProcFile.READ_CHUNK, ProcFile.READ_CHUNK + 1, 200_000}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            Path p = Files.write(tmp.resolve("f" + size), data);
            f.load(p.toString());
            assertEquals(size, f.length());
            assertArrayEquals(data, Arrays.copyOf(f.bytes(), f.length()), "size " + size);
            f.load(p.toString(), 3);
            assertEquals(Math.min(3, size), f.length());
        }
    }

    @Test
    void loadsProcFilesThatReportNoSize() throws IOException {
        ProcFile f = new ProcFile(64).load("/proc/self/maps");
        assertTrue(f.length() > 64, "grown past the initial buffer: " + f.length());
    }
}

package org.infinibay.infiniservice.adapters.linux.self;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Page size and clock tick rate from the ELF auxiliary vector (/proc/self/auxv), which is where
 * {@code sysconf(_SC_PAGESIZE)} and {@code sysconf(_SC_CLK_TCK)} get them: no process spawn, exact
 * on every architecture (4 KiB vs 16/64 KiB pages on arm64/ppc64).
 */
public record Auxv(long pageSize, long clockTicks) {
    private static final long AT_PAGESZ = 6;
    private static final long AT_CLKTCK = 17;
    /** USER_HZ is 100 on every Linux ABI the agent runs on; used only if auxv is unreadable. */
    static final long DEFAULT_CLK_TCK = 100;
    static final long DEFAULT_PAGE_SIZE = 4096;

    /** @param root the filesystem root holding {@code proc/} ({@code "/"}, or a recorded tree in tests) */
    public static Auxv read(String root) {
        long page = DEFAULT_PAGE_SIZE;
        long hz = DEFAULT_CLK_TCK;
        try {
            byte[] raw = Files.readAllBytes(Path.of(root, "proc/self/auxv"));
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
            // Entries are (type, value) pairs of the native word size.
            boolean wide = !"32".equals(System.getProperty("sun.arch.data.model"));
            int entry = wide ? 16 : 8;
            for (int off = 0; off + entry <= raw.length; off += entry) {
                long type = wide ? b.getLong(off) : b.getInt(off) & 0xffffffffL;
                long value = wide ? b.getLong(off + 8) : b.getInt(off + 4) & 0xffffffffL;
                if (type == 0) {
                    break; // AT_NULL
                }
                if (type == AT_PAGESZ && value > 0) {
                    page = value;
                } else if (type == AT_CLKTCK && value > 0) {
                    hz = value;
                }
            }
        } catch (IOException | RuntimeException e) {
            // keep the defaults
        }
        return new Auxv(page, hz);
    }
}

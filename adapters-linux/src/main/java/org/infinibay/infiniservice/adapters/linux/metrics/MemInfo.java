package org.infinibay.infiniservice.adapters.linux.metrics;

import org.infinibay.infiniservice.domain.metrics.MemoryMetrics;

/** /proc/meminfo (values in KiB). */
final class MemInfo {
    private MemInfo() {
    }

    static MemoryMetrics parse(ProcFile f) {
        long total = 0;
        long available = -1;
        long free = 0;
        long buffers = 0;
        long cached = 0;
        long swapTotal = 0;
        long swapFree = 0;
        f.position(0);
        while (!f.atEnd()) {
            if (f.lineStartsWith("MemTotal:")) {
                f.skipToken();
                total = f.decimal();
            } else if (f.lineStartsWith("MemAvailable:")) {
                f.skipToken();
                available = f.decimal();
            } else if (f.lineStartsWith("MemFree:")) {
                f.skipToken();
                free = f.decimal();
            } else if (f.lineStartsWith("Buffers:")) {
                f.skipToken();
                buffers = f.decimal();
            } else if (f.lineStartsWith("Cached:")) {
                f.skipToken();
                cached = f.decimal();
            } else if (f.lineStartsWith("SwapTotal:")) {
                f.skipToken();
                swapTotal = f.decimal();
            } else if (f.lineStartsWith("SwapFree:")) {
                f.skipToken();
                swapFree = f.decimal();
            }
            f.nextLine();
        }
        if (available < 0) {
            available = free + buffers + cached; // kernels before 3.14 lack MemAvailable
        }
        return new MemoryMetrics(total, available, swapTotal, Math.max(0, swapTotal - swapFree));
    }
}

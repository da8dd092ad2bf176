package org.infinibay.infiniservice.domain.metrics;

/** Memory in KiB; {@code used = total - available} by definition (CONTRACT §7.3, §13 item 33). */
public record MemoryMetrics(long totalKb, long availableKb, long swapTotalKb, long swapUsedKb) {
    public MemoryMetrics {
        availableKb = Math.max(0, Math.min(availableKb, totalKb));
    }

    public long usedKb() {
        return totalKb - availableKb;
    }
}

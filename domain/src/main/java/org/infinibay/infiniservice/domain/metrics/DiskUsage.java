package org.infinibay.infiniservice.domain.metrics;

/** One real filesystem, sizes in bytes (sent as GiB). */
public record DiskUsage(String mountPoint, long totalBytes, long usedBytes, long availableBytes, String filesystem) {
    public double usedPercent() {
        return totalBytes <= 0 ? 0 : 100.0 * usedBytes / totalBytes;
    }
}

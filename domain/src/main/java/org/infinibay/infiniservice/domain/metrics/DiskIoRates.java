package org.infinibay.infiniservice.domain.metrics;

/** Per-second rates over the last interval, summed over whole disks (CONTRACT §7.3). */
public record DiskIoRates(double readBytesPerSec, double writeBytesPerSec, double readOpsPerSec,
                          double writeOpsPerSec, Double utilizationPercent) {
    public static final DiskIoRates ZERO = new DiskIoRates(0, 0, 0, 0, null);
}

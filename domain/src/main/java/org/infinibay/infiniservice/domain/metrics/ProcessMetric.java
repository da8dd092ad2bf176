package org.infinibay.infiniservice.domain.metrics;

/**
 * One process. {@code cpuPercent} is top-style (percent of one logical CPU over the real interval
 * since the previous sample, pitfall P11). {@code startTimeMillis} is epoch ms or {@code null}.
 */
public record ProcessMetric(int pid, int ppid, String name, String exePath, String cmdLine, double cpuPercent,
                            long memoryKb, long diskReadBytes, long diskWriteBytes, ProcessStatus status,
                            Long startTimeMillis, String user) {
}

package org.infinibay.infiniservice.application.port.out;

/**
 * The agent process's own resource use at one instant.
 *
 * @param rssBytes      resident set size; when the OS does not say, the JVM's committed memory
 * @param rssSource     where {@code rssBytes} came from ({@code VmRSS}, {@code jvm-committed})
 * @param cpuNanos      total CPU time the process used since it started; {@code -1} when unknown
 * @param heapUsedBytes Java heap in use
 * @param threads       live threads of the process (JVM threads when the OS does not say)
 */
public record SelfSample(long rssBytes, String rssSource, long cpuNanos, long heapUsedBytes, int threads) {
}

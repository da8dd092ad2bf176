package org.infinibay.infiniservice.application.port.out.os;

/**
 * A finished antivirus scan (§8.5.6 RunDefenderQuickScan). {@code status} ∈ Completed, Failed;
 * {@code filesScanned} is 0 when the scanner does not say.
 */
public record ScanOutcome(String status, long threatsFound, long filesScanned, long startedMillis,
                          Long completedMillis) {
}

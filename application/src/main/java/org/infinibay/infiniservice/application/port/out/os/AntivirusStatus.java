package org.infinibay.infiniservice.application.port.out.os;

/**
 * The antivirus state (CheckWindowsDefender, §8.5.6). Times are epoch ms or {@code null} when
 * never/unknown; {@code signatureAgeDays} is {@code null} when unknown.
 */
public record AntivirusStatus(boolean serviceEnabled, boolean antivirusEnabled, boolean antispywareEnabled,
                              boolean realTimeProtection, String signatureVersion, String engineVersion,
                              Long signatureUpdatedMillis, Integer signatureAgeDays, Long lastQuickScanMillis,
                              Long lastFullScanMillis) {
}

package org.infinibay.infiniservice.application.port.out.os;

/**
 * One available upgrade. {@code currentVersion} is {@code null} when unknown; {@code sizeBytes} is
 * {@code null} when the manager does not say.
 */
public record PendingUpdate(String packageName, String currentVersion, String availableVersion, String repository,
                            String architecture, boolean security, Long sizeBytes) {
}

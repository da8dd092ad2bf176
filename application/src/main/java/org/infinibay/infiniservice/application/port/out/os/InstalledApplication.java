package org.infinibay.infiniservice.application.port.out.os;

/**
 * One installed application (GetInstalledApplicationsWMI, §8.5.7). {@code installType} ∈ Registry,
 * Store, Package; {@code installDate} is {@code YYYY-MM-DD} or {@code null}; {@code registryKey} is
 * the Uninstall key (Store packages: the package full name).
 */
public record InstalledApplication(String name, String version, String publisher, String installDate,
                                   String installLocation, Long sizeBytes, String installType, String registryKey) {
}

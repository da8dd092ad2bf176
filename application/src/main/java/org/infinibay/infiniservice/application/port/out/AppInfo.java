package org.infinibay.infiniservice.application.port.out;

/**
 * What an inventory knows about the application an executable belongs to (CONTRACT §7.8), keyed by
 * the executable's path as process samples show it. Optional parts are {@code null}: the catalog fills
 * the executable's size and modification time when it can read them.
 */
public record AppInfo(String exePath, String name, String description, String version, String publisher,
                      Long fileSize, Long lastModifiedMillis) {
}

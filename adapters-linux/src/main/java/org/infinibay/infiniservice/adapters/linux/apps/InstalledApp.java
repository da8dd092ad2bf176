package org.infinibay.infiniservice.adapters.linux.apps;

/**
 * What the inventory knows about one application, keyed by the real path of its executable (the
 * path /proc/&lt;pid&gt;/exe shows for its processes). Optional parts are {@code null}.
 */
record InstalledApp(String exePath, String name, String description, String version, String publisher,
                    Long fileSize, Long lastModifiedMillis, boolean fromDesktopEntry) {
}

package org.infinibay.infiniservice.application.service.apps;

/** Maps a running executable to the installed application it belongs to. */
public interface AppCatalog {

    /** The application of {@code exePath}, or {@code null} when it is no user application (system binaries). */
    AppInfo lookup(String exePath);

    /** Re-reads the inventory when it is due; returns whether it did (cached metadata is then stale). */
    default boolean refreshIfDue(long epochMillis) {
        return false;
    }
}

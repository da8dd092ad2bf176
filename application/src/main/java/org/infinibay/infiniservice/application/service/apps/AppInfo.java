package org.infinibay.infiniservice.application.service.apps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What an inventory knows about the application an executable belongs to (CONTRACT §7.8), keyed by
 * the executable's path as process samples show it. Optional parts are {@code null}.
 */
public record AppInfo(String exePath, String name, String description, String version, String publisher,
                      Long fileSize, Long lastModifiedMillis) {

    /** The application with the executable's size and modification time; both left out when it is gone or unreadable. */
    public static AppInfo withFileFacts(String exe, String name, String description, String version, String publisher) {
        Long size = null;
        Long modified = null;
        try {
            BasicFileAttributes a = Files.readAttributes(Path.of(exe), BasicFileAttributes.class);
            size = a.size();
            modified = a.lastModifiedTime().toMillis();
        } catch (IOException | RuntimeException e) {
            // gone, unreadable or not a path here: the item goes without size and date
        }
        return new AppInfo(exe, name, description, version, publisher, size, modified);
    }
}

package org.infinibay.infiniservice.application.port.out;

import java.util.Locale;

/**
 * The running guest OS as the wire names it: {@code name} in the handshake and in
 * {@code {"supported":false,"platform":<name>}} (§8.5), {@code displayName} in the reply text
 * "{@code <action> is not supported on <displayName>}". Bound by the guest's wiring; nothing in the
 * core compares it with a particular OS.
 */
public record GuestPlatform(String name, String displayName) {
    public GuestPlatform {
        if (name == null || name.isBlank() || displayName == null || displayName.isBlank()) {
            throw new IllegalArgumentException("a guest platform needs a name and a display name");
        }
        name = name.toLowerCase(Locale.ROOT);
    }
}

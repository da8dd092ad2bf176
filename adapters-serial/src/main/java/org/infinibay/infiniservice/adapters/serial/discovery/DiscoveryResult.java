package org.infinibay.infiniservice.adapters.serial.discovery;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** The outcome of one discovery pass (CONTRACT §1.4), worded for logs and {@code diagnose}. */
public sealed interface DiscoveryResult {

    /** A usable candidate; {@code source} says which rule found it (e.g. "override", "sysfs"). */
    record Found(Path path, DeviceKind kind, String source) implements DiscoveryResult {
        public Found {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(source, "source");
        }
    }

    /** Nothing usable; one reason per candidate looked at, in search order. */
    record NotFound(List<String> reasons) implements DiscoveryResult {
        public NotFound {
            reasons = List.copyOf(reasons);
        }
    }
}

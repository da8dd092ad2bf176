package org.infinibay.infiniservice.adapters.serial;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.infinibay.infiniservice.adapters.serial.channel.DeviceLocator;
import org.infinibay.infiniservice.adapters.serial.discovery.DeviceDiscovery;
import org.infinibay.infiniservice.adapters.serial.discovery.DeviceKind;
import org.infinibay.infiniservice.adapters.serial.discovery.DiscoveryResult;
import org.infinibay.infiniservice.domain.log.Logs;

/** Runs discovery before each open; logs why nothing was found only when the reasons change. */
final class DiscoveryLocator implements DeviceLocator {
    private static final System.Logger LOG = Logs.get(DiscoveryLocator.class);
    private final DeviceDiscovery discovery;
    private final String override;
    private List<String> lastReasons = List.of();

    DiscoveryLocator(DeviceDiscovery discovery, String override) {
        this.discovery = discovery;
        this.override = override;
    }

    @Override
    public synchronized Optional<Path> locate() {
        DiscoveryResult result = discovery.discover(override);
        if (result instanceof DiscoveryResult.Found found && found.kind() == DeviceKind.VIRTIO_PORT) {
            lastReasons = List.of();
            return Optional.of(found.path());
        }
        List<String> reasons = result instanceof DiscoveryResult.NotFound nf ? nf.reasons() : List.of("not a device");
        if (!reasons.equals(lastReasons)) {
            LOG.log(Level.INFO, "No host channel device: {0}", reasons);
            lastReasons = reasons;
        }
        return Optional.empty();
    }
}

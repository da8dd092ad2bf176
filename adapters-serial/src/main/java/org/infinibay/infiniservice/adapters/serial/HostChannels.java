package org.infinibay.infiniservice.adapters.serial;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.infinibay.infiniservice.adapters.serial.channel.UnixSocketHostChannel;
import org.infinibay.infiniservice.adapters.serial.channel.VirtioHostChannel;
import org.infinibay.infiniservice.adapters.serial.discovery.DeviceDiscovery;
import org.infinibay.infiniservice.adapters.serial.discovery.DeviceKind;
import org.infinibay.infiniservice.adapters.serial.discovery.DiscoveryResult;
import org.infinibay.infiniservice.application.port.out.HostChannel;

/**
 * Chooses the host channel (CONTRACT §1.4): {@code unix:<path>} gives the test-mode socket
 * channel; anything else gives the virtio channel, which re-runs discovery before every open, so
 * a port that is absent at start (or re-plugged later) is picked up without a restart. The virtio
 * channel runs its time checks (a read pending 250 ms means a host attached) on the agent's shared
 * timer, so it needs no thread of its own.
 */
public final class HostChannels {
    public static final String DEVICE_ENV = "INFINISERVICE_DEVICE";

    private final DeviceDiscovery discovery;
    private final ScheduledExecutorService timers;

    public HostChannels(DeviceDiscovery discovery, ScheduledExecutorService timers) {
        this.discovery = discovery;
        this.timers = timers;
    }

    /** The effective override: a non-blank {@code --device} wins over a non-blank environment value. */
    public static Optional<String> override(String cliValue, Map<String, String> environment) {
        if (cliValue != null && !cliValue.isBlank()) {
            return Optional.of(cliValue.strip());
        }
        String env = environment.get(DEVICE_ENV);
        return env == null || env.isBlank() ? Optional.empty() : Optional.of(env.strip());
    }

    /**
     * The channel for {@code override} (null or blank: discovery).
     *
     * @throws InvalidDeviceOverrideException for a {@code unix:} override without a path
     */
    public HostChannel create(String override) {
        if (override != null && override.strip().startsWith(DeviceDiscovery.UNIX_PREFIX)) {
            DiscoveryResult result = discovery.discover(override);
            if (result instanceof DiscoveryResult.Found found && found.kind() == DeviceKind.UNIX_SOCKET) {
                return new UnixSocketHostChannel(found.path());
            }
            throw new InvalidDeviceOverrideException(((DiscoveryResult.NotFound) result).reasons().get(0));
        }
        return new VirtioHostChannel(new DiscoveryLocator(discovery, override), timers);
    }
}

package org.infinibay.infiniservice.bootstrap.os.serial;

import dagger.Module;
import dagger.Provides;
import jakarta.inject.Singleton;
import java.util.concurrent.ScheduledExecutorService;
import org.infinibay.infiniservice.adapters.serial.HostChannels;
import org.infinibay.infiniservice.adapters.serial.discovery.DeviceDiscovery;
import org.infinibay.infiniservice.adapters.serial.json.JacksonJsonCodec;
import org.infinibay.infiniservice.application.port.out.HostChannel;
import org.infinibay.infiniservice.application.port.out.JsonCodec;
import org.infinibay.infiniservice.bootstrap.config.Configuration;

/**
 * The host channel of adapters-serial (virtio-serial, or a {@code unix:} socket in test mode) and the wire
 * codec. Exported: a guest OS whose component lives outside bootstrap includes this module to reuse them.
 * It binds ports only (no adapters-serial type is a binding), so such a component compiles without reading
 * adapters-serial. The Windows channel module calls it for the codec and the {@code unix:} test mode.
 */
@Module
public final class SerialModule {
    private SerialModule() {
    }

    @Provides
    @Singleton
    public static JsonCodec codec() {
        return new JacksonJsonCodec();
    }

    /** @param timers the core's shared timer ({@code CoreServices.timers()}): the virtio channel's pending-read checks */
    @Provides
    @Singleton
    public static HostChannel channel(Configuration c, ScheduledExecutorService timers) {
        return new HostChannels(new DeviceDiscovery(), timers).create(c.deviceOverride());
    }
}

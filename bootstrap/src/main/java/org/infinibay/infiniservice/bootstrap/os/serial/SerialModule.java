package org.infinibay.infiniservice.bootstrap.os.serial;

import dagger.Module;
import dagger.Provides;
import jakarta.inject.Singleton;
import org.infinibay.infiniservice.adapters.serial.HostChannels;
import org.infinibay.infiniservice.adapters.serial.discovery.DeviceDiscovery;
import org.infinibay.infiniservice.adapters.serial.json.JacksonJsonCodec;
import org.infinibay.infiniservice.application.port.out.HostChannel;
import org.infinibay.infiniservice.application.port.out.JsonCodec;
import org.infinibay.infiniservice.bootstrap.config.Configuration;

/** The host channel of adapters-serial (virtio-serial, or a {@code unix:} socket in test mode) and the wire codec. */
@Module
public final class SerialModule {
    private SerialModule() {
    }

    @Provides
    @Singleton
    static JsonCodec codec() {
        return new JacksonJsonCodec();
    }

    @Provides
    @Singleton
    static DeviceDiscovery discovery() {
        return new DeviceDiscovery();
    }

    @Provides
    @Singleton
    static HostChannel channel(DeviceDiscovery discovery, Configuration c) {
        return new HostChannels(discovery).create(c.deviceOverride());
    }
}

package org.infinibay.infiniservice.bootstrap.os.windows;

import dagger.Module;
import dagger.Provides;
import jakarta.inject.Singleton;
import java.util.concurrent.ScheduledExecutorService;
import org.infinibay.infiniservice.adapters.windows.channel.ComPortHostChannel;
import org.infinibay.infiniservice.adapters.windows.channel.WindowsDeviceLocator;
import org.infinibay.infiniservice.adapters.windows.channel.WindowsHostChannel;
import org.infinibay.infiniservice.adapters.windows.channel.Win32OverlappedPort;
import org.infinibay.infiniservice.application.port.out.HostChannel;
import org.infinibay.infiniservice.application.port.out.JsonCodec;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.bootstrap.os.serial.SerialModule;

/**
 * The host channel on Windows: the overlapped vioserial port (adapters-windows: native, OS-specific
 * code), an explicitly named COM port through jSerialComm, or the {@code unix:} test mode of the
 * serial adapter (AF_UNIX exists on Windows 10 1803+ and Java 16+). The codec is the shared one.
 */
@Module
public final class WindowsChannelModule {
    private WindowsChannelModule() {
    }

    @Provides
    @Singleton
    static JsonCodec codec() {
        return SerialModule.codec();
    }

    @Provides
    @Singleton
    static HostChannel channel(Configuration c, ScheduledExecutorService timers) {
        String override = c.deviceOverride();
        if (override != null && override.startsWith("unix:")) {
            return SerialModule.channel(c, timers);
        }
        if (WindowsDeviceLocator.isComPort(override)) {
            return new ComPortHostChannel(override);
        }
        return new WindowsHostChannel(new WindowsDeviceLocator(override), Win32OverlappedPort::open);
    }
}

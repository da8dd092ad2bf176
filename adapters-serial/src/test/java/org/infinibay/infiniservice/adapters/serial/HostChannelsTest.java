package org.infinibay.infiniservice.adapters.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.infinibay.infiniservice.adapters.serial.channel.UnixSocketHostChannel;
import org.infinibay.infiniservice.adapters.serial.channel.VirtioHostChannel;
import org.infinibay.infiniservice.adapters.serial.discovery.DeviceDiscovery;
import org.infinibay.infiniservice.application.port.out.HostChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostChannelsTest {
    @TempDir
    Path root;
    /** Starts no thread: the channels below are never run. */
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

    @Test
    void overridePrecedence() {
        assertEquals(Optional.of("/a"), HostChannels.override(" /a ", Map.of(HostChannels.DEVICE_ENV, "/b")));
        assertEquals(Optional.of("/b"), HostChannels.override("", Map.of(HostChannels.DEVICE_ENV, "/b")));
        assertEquals(Optional.empty(), HostChannels.override(null, Map.of(HostChannels.DEVICE_ENV, "  ")));
        assertEquals(Optional.empty(), HostChannels.override(null, Map.of()));
    }

    @Test
    void unixOverrideGivesTheSocketChannel() {
        HostChannels channels = new HostChannels(new DeviceDiscovery(root, root), timers);
        try (HostChannel c = channels.create("unix:" + root.resolve("h.sock"))) {
            assertInstanceOf(UnixSocketHostChannel.class, c);
            assertEquals("unix:" + root.resolve("h.sock"), c.describe());
        }
        assertThrows(InvalidDeviceOverrideException.class, () -> channels.create("unix:"));
    }

    @Test
    void otherwiseTheVirtioChannelWhichWaitsForItsDevice() {
        HostChannels channels = new HostChannels(new DeviceDiscovery(root, root), timers);
        try (HostChannel c = channels.create(null)) {
            assertInstanceOf(VirtioHostChannel.class, c);
            assertEquals("virtio:(no device yet)", c.describe());
        }
        try (HostChannel c = channels.create("/dev/null")) {
            assertInstanceOf(VirtioHostChannel.class, c);
        }
    }
}

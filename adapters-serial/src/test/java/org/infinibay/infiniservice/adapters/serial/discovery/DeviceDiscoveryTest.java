package org.infinibay.infiniservice.adapters.serial.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs discovery on a temporary /dev and /sys tree; character devices are links to /dev/null. */
class DeviceDiscoveryTest {
    private static final Path CHAR_DEVICE = Path.of("/dev/null");

    @TempDir
    Path root;
    private Path dev;
    private Path sys;
    private DeviceDiscovery discovery;

    @BeforeEach
    void tree() throws Exception {
        dev = Files.createDirectories(root.resolve("dev"));
        sys = Files.createDirectories(root.resolve("sys"));
        discovery = new DeviceDiscovery(dev, sys);
    }

    private Path port(String name) throws Exception {
        Path link = Files.createDirectories(dev.resolve("virtio-ports")).resolve(name);
        Files.createSymbolicLink(link, CHAR_DEVICE);
        return link;
    }

    private void sysfsPort(String vport, String name, boolean withNode) throws Exception {
        Path dir = Files.createDirectories(sys.resolve("class/virtio-ports").resolve(vport));
        Files.writeString(dir.resolve("name"), name + "\n");
        if (withNode) {
            Files.createSymbolicLink(dev.resolve(vport), CHAR_DEVICE);
        }
    }

    private DiscoveryResult.Found found(String override) {
        return assertInstanceOf(DiscoveryResult.Found.class, discovery.discover(override));
    }

    private DiscoveryResult.NotFound notFound(String override) {
        return assertInstanceOf(DiscoveryResult.NotFound.class, discovery.discover(override));
    }

    @Test
    void currentNameWinsOverLegacyAndSysfs() throws Exception {
        port(DeviceDiscovery.LEGACY_PORT_NAME);
        Path current = port(DeviceDiscovery.PORT_NAME);
        sysfsPort("vport0p1", DeviceDiscovery.PORT_NAME, true);
        DiscoveryResult.Found f = found(null);
        assertEquals(current, f.path());
        assertEquals(DeviceKind.VIRTIO_PORT, f.kind());
    }

    @Test
    void legacyNameIsUsedWhenAlone() throws Exception {
        Path legacy = port(DeviceDiscovery.LEGACY_PORT_NAME);
        assertEquals(legacy, found("").path());
    }

    @Test
    void onlyGuestAgentAndSpiceMeansNothingFound() throws Exception {
        port("org.qemu.guest_agent.0");
        port("com.redhat.spice.0");
        sysfsPort("vport0p1", "org.qemu.guest_agent.0", true);
        sysfsPort("vport0p2", "com.redhat.spice.0", true);
        sysfsPort("vport0p3", "org.infinibay.agent.extra", true); // not equal: never matched
        sysfsPort("vport0p4", "my-agent", true);
        DiscoveryResult.NotFound nf = notFound(null);
        assertTrue(nf.reasons().get(nf.reasons().size() - 1).contains("org.qemu.guest_agent.0"), nf.reasons().toString());
    }

    @Test
    void sysfsFallbackWhenTheUdevLinkIsMissing() throws Exception {
        sysfsPort("vport1p1", "org.qemu.guest_agent.0", true);
        sysfsPort("vport1p2", "  " + DeviceDiscovery.PORT_NAME + "  ", true);
        DiscoveryResult.Found f = found(null);
        assertEquals(dev.resolve("vport1p2"), f.path());
        assertTrue(f.source().contains("sysfs"));
    }

    @Test
    void sysfsPrefersTheCurrentNameOverTheLegacyOne() throws Exception {
        sysfsPort("vport0p1", DeviceDiscovery.LEGACY_PORT_NAME, true);
        sysfsPort("vport0p2", DeviceDiscovery.PORT_NAME, true);
        assertEquals(dev.resolve("vport0p2"), found(null).path());
    }

    @Test
    void sysfsNameWithoutItsDeviceNodeIsNotUsed() throws Exception {
        sysfsPort("vport0p1", DeviceDiscovery.PORT_NAME, false);
        assertTrue(notFound(null).reasons().stream().anyMatch(r -> r.contains("vport0p1 does not exist")));
    }

    @Test
    void candidatesMustBeCharacterDevices() throws Exception {
        Files.createDirectories(dev.resolve("virtio-ports"));
        Files.writeString(dev.resolve("virtio-ports").resolve(DeviceDiscovery.PORT_NAME), "regular file");
        Files.createDirectory(dev.resolve("virtio-ports").resolve(DeviceDiscovery.LEGACY_PORT_NAME));
        sysfsPort("vport0p1", DeviceDiscovery.PORT_NAME, false);
        Files.writeString(dev.resolve("vport0p1"), "not a device");
        DiscoveryResult.NotFound nf = notFound(null);
        assertEquals(4, nf.reasons().size(), nf.reasons().toString());
        assertTrue(nf.reasons().get(0).endsWith("is not a character device"));
        assertTrue(DeviceDiscovery.isCharacterDevice(CHAR_DEVICE));
        assertFalse(DeviceDiscovery.isCharacterDevice(root));
    }

    @Test
    void overrideIsExclusive() throws Exception {
        port(DeviceDiscovery.PORT_NAME);
        Path custom = dev.resolve("custom");
        Files.createSymbolicLink(custom, CHAR_DEVICE);
        DiscoveryResult.Found f = found("  " + custom + " ");
        assertEquals(custom, f.path());
        assertEquals("override", f.source());
        // A missing override does not fall back to the default port.
        assertTrue(notFound(dev.resolve("missing").toString()).reasons().get(0).contains("does not exist"));
    }

    @Test
    void overrideNeverReachesForeignPortsOrUarts() throws Exception {
        Path agent = port("org.qemu.guest_agent.0");
        assertTrue(notFound(agent.toString()).reasons().get(0).startsWith("refusing"));
        Path uart = dev.resolve("ttyS0");
        Files.createSymbolicLink(uart, CHAR_DEVICE);
        assertTrue(notFound(uart.toString()).reasons().get(0).contains("UART"));
        sysfsPort("vport0p1", "com.redhat.spice.0", true);
        assertTrue(notFound(dev.resolve("vport0p1").toString()).reasons().get(0).startsWith("refusing"));
    }

    @Test
    void unixOverrideIsASocketChannel() {
        DiscoveryResult.Found f = found("unix:/tmp/some.sock");
        assertEquals(DeviceKind.UNIX_SOCKET, f.kind());
        assertEquals(Path.of("/tmp/some.sock"), f.path());
        assertInstanceOf(DiscoveryResult.NotFound.class, discovery.discover("unix:"));
    }

    @Test
    void awaitReturnsOnceTheDeviceAppears() throws Exception {
        CompletableFuture<DiscoveryResult.Found> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return discovery.await(null, Duration.ofMillis(200));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500);
        assertFalse(waiting.isDone());
        Path p = port(DeviceDiscovery.PORT_NAME);
        assertEquals(p, waiting.get(5, TimeUnit.SECONDS).path());
    }

    @Test
    void realSystemHasNoInfinibayPortHere() {
        // On this build machine there is no virtio port: discovery reports why, and finds nothing.
        DiscoveryResult r = new DeviceDiscovery().discover(null);
        if (r instanceof DiscoveryResult.NotFound nf) {
            assertFalse(nf.reasons().isEmpty());
        }
    }

    /** The hand-written name checks decide as the regular expressions they replaced ({@code vport\\d+p\\d+}, UARTs). */
    @Test
    void portNamesAreClassifiedAsTheRegularExpressionsDid() {
        java.util.regex.Pattern vport = java.util.regex.Pattern.compile("vport\\d+p\\d+");
        java.util.regex.Pattern uart = java.util.regex.Pattern.compile("(ttyS|ttyAMA|ttyUSB)\\d+");
        String[] heads = {"", "vport", "vpor", "Vport", "ttyS", "ttyAMA", "ttyUSB", "ttyAM", "ttys", "tty", "hvc"};
        String[] tails = {"", "0", "1p0", "12p34", "p", "p0", "0p", "0p0p0", "1p1x", "\u0661p0", "0 ", "-1", "99999999999",
            "0\n", "1p\u0662"};
        int checked = 0;
        for (String h : heads) {
            for (String t : tails) {
                String name = h + t;
                assertEquals(vport.matcher(name).matches(), DeviceDiscovery.isVirtioPort(name), name);
                assertEquals(uart.matcher(name).matches(), DeviceDiscovery.isUart(name), name);
                checked++;
            }
        }
        assertTrue(DeviceDiscovery.isVirtioPort("vport2p1") && DeviceDiscovery.isUart("ttyAMA0"));
        assertEquals(165, checked);
    }
}

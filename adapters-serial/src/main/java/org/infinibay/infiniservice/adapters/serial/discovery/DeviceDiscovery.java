package org.infinibay.infiniservice.adapters.serial.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * Finds the host channel device per CONTRACT §1.4 (Linux): the override alone when given, else
 * {@code /dev/virtio-ports/org.infinibay.agent}, then the legacy name, then a {@code /sys} scan for
 * a port whose name is exactly one of the two. Candidates must be character devices. Nothing else
 * is ever returned: the QEMU guest agent and SPICE ports, other virtio ports and UARTs are never
 * candidates. Roots are injectable so tests run on a temporary tree.
 */
public final class DeviceDiscovery {
    private static final System.Logger LOG = Logs.get(DeviceDiscovery.class);

    public static final String PORT_NAME = "org.infinibay.agent";
    private static final String[] UART_PREFIXES = {"ttyS", "ttyAMA", "ttyUSB"};
    public static final String LEGACY_PORT_NAME = "com.infinibay.infiniservice.0";
    public static final String UNIX_PREFIX = "unix:";
    /** Ports on the same VMs that belong to other software (§1.3). */
    public static final Set<String> FORBIDDEN_PORT_NAMES = Set.of("org.qemu.guest_agent.0", "com.redhat.spice.0");
    private static final int MAX_NAME_BYTES = 256;
    private static final long MAX_POLL_MILLIS = 1000;
    /** The S_IFMT bits of st_mode and the character-device type. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;

    private final Path devRoot;
    private final Path sysRoot;

    public DeviceDiscovery() {
        this(Path.of("/dev"), Path.of("/sys"));
    }

    public DeviceDiscovery(Path devRoot, Path sysRoot) {
        this.devRoot = devRoot;
        this.sysRoot = sysRoot;
    }

    /**
     * One pass over the candidates. A non-blank {@code override} is exclusive: it is the answer
     * or the reason nothing was found.
     */
    public DiscoveryResult discover(String override) {
        if (override != null && !override.isBlank()) {
            return discoverOverride(override.strip());
        }
        List<String> reasons = new ArrayList<>();
        for (String name : List.of(PORT_NAME, LEGACY_PORT_NAME)) {
            Path link = devRoot.resolve("virtio-ports").resolve(name);
            Optional<String> problem = characterDeviceProblem(link);
            if (problem.isEmpty()) {
                return new DiscoveryResult.Found(link, DeviceKind.VIRTIO_PORT, "virtio-ports/" + name);
            }
            reasons.add(problem.get());
        }
        return scanSysfs(reasons);
    }

    /** Polls (at most every second) until a device is found; interruption is the way out. */
    public DiscoveryResult.Found await(String override, Duration pollInterval) throws InterruptedException {
        long sleep = Math.max(1, Math.min(MAX_POLL_MILLIS, pollInterval.toMillis()));
        boolean logged = false;
        while (true) {
            DiscoveryResult result = discover(override);
            if (result instanceof DiscoveryResult.Found found) {
                return found;
            }
            if (!logged) {
                LOG.log(Level.INFO, "No host channel device yet: {0}", ((DiscoveryResult.NotFound) result).reasons());
                logged = true;
            }
            TimeUnit.MILLISECONDS.sleep(sleep);
        }
    }

    private DiscoveryResult discoverOverride(String override) {
        if (override.startsWith(UNIX_PREFIX)) {
            String socket = override.substring(UNIX_PREFIX.length());
            if (socket.isBlank()) {
                return new DiscoveryResult.NotFound(List.of("override '" + override + "' names no socket path"));
            }
            // The harness may create the socket later: the channel connects with back-off.
            return new DiscoveryResult.Found(Path.of(socket), DeviceKind.UNIX_SOCKET, "override");
        }
        Path path = Path.of(override);
        Optional<String> refusal = forbiddenReason(path);
        if (refusal.isPresent()) {
            return new DiscoveryResult.NotFound(List.of(refusal.get()));
        }
        Optional<String> problem = characterDeviceProblem(path);
        if (problem.isPresent()) {
            return new DiscoveryResult.NotFound(List.of("override: " + problem.get()));
        }
        return new DiscoveryResult.Found(path, DeviceKind.VIRTIO_PORT, "override");
    }

    private DiscoveryResult scanSysfs(List<String> reasons) {
        Path classDir = sysRoot.resolve("class").resolve("virtio-ports");
        if (!Files.isDirectory(classDir)) {
            reasons.add(classDir + " does not exist");
            return new DiscoveryResult.NotFound(reasons);
        }
        // Sorted by port so the choice is stable; the current name wins over the legacy one.
        TreeMap<String, String> names = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(classDir)) {
            for (Path entry : entries) {
                String port = entry.getFileName().toString();
                if (isVirtioPort(port)) {
                    Optional<String> name = readPortName(entry);
                    if (name.isPresent()) {
                        names.put(port, name.get());
                    }
                }
            }
        } catch (IOException e) {
            reasons.add("cannot list " + classDir + ": " + e.getMessage());
            return new DiscoveryResult.NotFound(reasons);
        }
        for (String wanted : List.of(PORT_NAME, LEGACY_PORT_NAME)) {
            for (var e : names.entrySet()) {
                if (!e.getValue().equals(wanted)) {
                    continue;
                }
                Path node = devRoot.resolve(e.getKey());
                Optional<String> problem = characterDeviceProblem(node);
                if (problem.isEmpty()) {
                    return new DiscoveryResult.Found(node, DeviceKind.VIRTIO_PORT, "sysfs " + e.getKey() + "=" + wanted);
                }
                reasons.add(problem.get());
            }
        }
        reasons.add("no port in " + classDir + " is named " + PORT_NAME + " or " + LEGACY_PORT_NAME
                + " (seen: " + names.values() + ")");
        return new DiscoveryResult.NotFound(reasons);
    }

    /** The trimmed content of {@code <port>/name}, read with a small bound. */
    private static Optional<String> readPortName(Path portDir) {
        try (InputStream in = Files.newInputStream(portDir.resolve("name"))) {
            byte[] bytes = in.readNBytes(MAX_NAME_BYTES);
            return Optional.of(new String(bytes, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            return Optional.empty(); // the name appears a moment after the device (qemu-e2e §7)
        }
    }

    /** An explicit override still never reaches another program's port or a UART. */
    private Optional<String> forbiddenReason(Path path) {
        String fileName = path.getFileName() == null ? "" : path.getFileName().toString();
        if (FORBIDDEN_PORT_NAMES.contains(fileName)) {
            return Optional.of("refusing override " + path + ": port " + fileName + " belongs to other software");
        }
        try {
            Path real = path.toRealPath();
            String realName = real.getFileName() == null ? "" : real.getFileName().toString();
            if (isUart(realName) || isUart(fileName)) {
                return Optional.of("refusing override " + path + ": it is a serial UART");
            }
            for (String candidate : List.of(fileName, realName)) {
                if (isVirtioPort(candidate)) {
                    Optional<String> name = readPortName(sysRoot.resolve("class").resolve("virtio-ports").resolve(candidate));
                    if (name.isPresent() && FORBIDDEN_PORT_NAMES.contains(name.get())) {
                        return Optional.of("refusing override " + path + ": port " + name.get()
                                + " belongs to other software");
                    }
                }
            }
        } catch (IOException e) {
            // Missing: reported by the character-device check.
        }
        return Optional.empty();
    }

    /** Empty when {@code path} (following links) is a character device, else why not. */
    static Optional<String> characterDeviceProblem(Path path) {
        if (!Files.exists(path)) {
            return Optional.of(path + " does not exist");
        }
        return isCharacterDevice(path) ? Optional.empty() : Optional.of(path + " is not a character device");
    }

    /** True when {@code path}, following symbolic links, is a character device. */
    public static boolean isCharacterDevice(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode");
            return mode instanceof Integer m && (m & S_IFMT) == S_IFCHR;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code vport<digits>p<digits>}, a virtio-serial port's node (no regular expression at start). */
    static boolean isVirtioPort(String name) {
        if (!name.startsWith("vport")) {
            return false;
        }
        int p = digitsEnd(name, 5);
        if (p == 5 || p >= name.length() || name.charAt(p) != 'p') {
            return false;
        }
        int end = digitsEnd(name, p + 1);
        return end > p + 1 && end == name.length();
    }

    /** {@code ttyS<digits>}, {@code ttyAMA<digits>} or {@code ttyUSB<digits>}: a serial UART. */
    static boolean isUart(String name) {
        for (String prefix : UART_PREFIXES) {
            if (name.startsWith(prefix)) {
                int end = digitsEnd(name, prefix.length());
                if (end > prefix.length() && end == name.length()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The index after the ASCII digits starting at {@code from}. */
    private static int digitsEnd(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }
}

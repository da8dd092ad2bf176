package org.infinibay.infiniservice.bootstrap.diagnose;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Asks the service manager about the {@code service_name} unit (which one is the guest OS's choice), so diagnose can tell "the service
 * is not running" apart from "the agent cannot work". Read-only, bounded to a few seconds.
 */
public final class ServiceState {
    private ServiceState() {
    }

    /** The state systemd reports for {@code <serviceName>.service}. */
    public static String systemd(String serviceName) {
        if (!Files.isDirectory(Path.of("/run/systemd/system"))) {
            return "(systemd is not running here: service state unknown)";
        }
        return "(systemd: " + firstLine(List.of("systemctl", "is-active", serviceName + ".service")) + ")";
    }

    /** The state the Windows service control manager reports ({@code sc.exe query}). */
    public static String windowsService(String serviceName) {
        return "(Windows service: " + firstLine(List.of("sc.exe", "query", serviceName)) + ")";
    }

    private static String firstLine(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "no answer within 5 s";
            }
            String text;
            try (InputStream in = p.getInputStream()) {
                text = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            }
            return text.lines().map(String::trim).filter(l -> !l.isEmpty())
                    .filter(l -> !command.get(0).startsWith("sc") || l.startsWith("STATE") || l.contains("FAILED"))
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "cannot ask the service manager: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}

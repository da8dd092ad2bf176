package org.infinibay.infiniservice.adapters.linux.actions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.PowerControl;

/** {@code systemctl reboot [--force]} / {@code systemctl poweroff} (CONTRACT §8.5.12, §8.5.13). */
public final class SystemdPowerControl implements PowerControl {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Commands commands;
    private final Path runtimeDir;

    public SystemdPowerControl(Commands commands) {
        this(commands, Path.of("/run/systemd/system"));
    }

    public SystemdPowerControl(Commands commands, Path runtimeDir) {
        this.commands = commands;
        this.runtimeDir = runtimeDir;
    }

    @Override
    public String unavailableReason() {
        if (!commands.programs().has("systemctl")) {
            return "systemctl is not installed";
        }
        return Files.isDirectory(runtimeDir) ? null : "systemd is not running";
    }

    @Override
    public void reboot(boolean force) throws OsOperationException, InterruptedException {
        if (force) {
            commands.require(deadline(), "systemctl", "reboot", "--force");
        } else {
            commands.require(deadline(), "systemctl", "reboot");
        }
    }

    @Override
    public void powerOff() throws OsOperationException, InterruptedException {
        commands.require(deadline(), "systemctl", "poweroff");
    }

    private static Deadline deadline() {
        return new Deadline(System.nanoTime() + CALL_TIMEOUT.toNanos(), CALL_TIMEOUT.toSeconds());
    }
}

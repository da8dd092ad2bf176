package org.infinibay.infiniservice.adapters.windows.actions;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.infinibay.infiniservice.application.port.in.ExecRequest;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.ProcessControl;

/**
 * ProcessKill on Windows (CONTRACT §8.5.3): graceful = {@code taskkill /PID n} (a close request,
 * without {@code /F}); forced = {@code TerminateProcess}. Pids 0 and 4 (Idle, System) are reported
 * as kernel processes so the action refuses them; critical names (csrss, lsass, wininit, smss,
 * services) are refused unless forced ({@link #isProtected}).
 */
public final class WindowsProcessControl implements ProcessControl {
    static final Set<Long> KERNEL_PIDS = Set.of(0L, 4L);
    /** Processes whose loss takes Windows down: refused by ProcessKill without {@code force}. */
    private static final Set<String> PROTECTED = Set.of("csrss", "lsass", "wininit", "smss", "services");
    private final ProgramRunner runner;
    private final String taskkill;

    public WindowsProcessControl(ProgramRunner runner, String systemRoot) {
        this.runner = runner;
        this.taskkill = (systemRoot == null || systemRoot.isBlank() ? "C:\\Windows" : systemRoot)
                + "\\System32\\taskkill.exe";
    }

    /** 0 (System Idle Process) and 4 (System): never a ProcessKill target. */
    @Override
    public boolean reservedPid(long pid) {
        return KERNEL_PIDS.contains(pid);
    }

    /** Kernel processes and the critical system processes, by image name without {@code .exe}. */
    @Override
    public boolean isProtected(ProcessIdentity process) {
        String name = process.name().toLowerCase(Locale.ROOT);
        if (name.endsWith(".exe")) {
            name = name.substring(0, name.length() - 4);
        }
        return process.kernelThread() || PROTECTED.contains(name);
    }

    @Override
    public Optional<ProcessIdentity> identify(long pid) {
        if (KERNEL_PIDS.contains(pid)) {
            return Optional.of(new ProcessIdentity(pid, 0, pid == 4 ? "System" : "System Idle Process", true));
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(h -> new ProcessIdentity(pid,
                h.parent().map(ProcessHandle::pid).orElse(0L), imageName(h), false));
    }

    /** {@code C:\Windows\System32\lsass.exe} → {@code lsass}: the rule list has no extensions. */
    static String imageName(ProcessHandle h) {
        String cmd = h.info().command().orElse("");
        String base = cmd.substring(Math.max(cmd.lastIndexOf('\\'), cmd.lastIndexOf('/')) + 1);
        if (base.toLowerCase(Locale.ROOT).endsWith(".exe")) {
            base = base.substring(0, base.length() - 4);
        }
        return base.isEmpty() ? "pid " + h.pid() : base;
    }

    @Override
    public boolean signal(long pid, boolean force, Duration wait) throws OsOperationException, InterruptedException {
        if (force) {
            WinNT.HANDLE h = Kernel32.INSTANCE.OpenProcess(WinNT.PROCESS_TERMINATE | WinNT.SYNCHRONIZE, false, (int) pid);
            if (h == null) {
                throw new OsOperationException("cannot open process " + pid + " (Win32 error "
                        + Native.getLastError() + ")");
            }
            try {
                if (!Kernel32.INSTANCE.TerminateProcess(h, 1)) {
                    throw new OsOperationException("TerminateProcess failed (Win32 error "
                            + Native.getLastError() + ")");
                }
                Kernel32.INSTANCE.WaitForSingleObject(h, (int) Math.min(Integer.MAX_VALUE, wait.toMillis()));
            } finally {
                Kernel32.INSTANCE.CloseHandle(h);
            }
        } else {
            ExecResult r = runner.run(ExecRequest.of(List.of(taskkill, "/PID", Long.toString(pid)),
                    Deadline.forWireTimeout(System.nanoTime(), 12)));
            if (r.exitCode() != 0) {
                throw new OsOperationException(1, "taskkill failed (exit " + r.exitCode() + ")", r.stdout(), r.stderr());
            }
            long until = System.nanoTime() + wait.toNanos();
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < until) {
                Thread.sleep(100);
            }
        }
        return ProcessHandle.of(pid).map(ph -> !ph.isAlive()).orElse(true);
    }
}

package org.infinibay.infiniservice.adapters.linux.actions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.ProcessControl;

/**
 * Signals through {@link ProcessHandle}: {@code destroy()} is SIGTERM and {@code destroyForcibly()}
 * SIGKILL on Linux. Identity comes from {@code /proc/<id>/stat} (name, state, parent, flags, start
 * time) and {@code /proc/<id>/status} ({@code Tgid}).
 *
 * <p>Threads: {@code kill(2)} with a thread id signals the thread's whole process, and a thread's
 * {@code /proc/<tid>} is readable although {@code /proc} does not list it. Without the {@code Tgid}
 * check a thread id of PID 1, of the agent itself or of a protected process reached that process
 * under the thread's own name. {@link #identify} reports the thread group; {@link #signal(ProcessIdentity,
 * boolean, Duration)} refuses anything but a thread-group leader.
 *
 * <p>Id re-use: the handle is taken first and the identity read again after it; the JDK's
 * {@code destroy} then compares the process start time with the handle's before calling
 * {@code kill(2)}. What remains is the JDK's own window between that comparison and the system call
 * (microseconds, and the id would have to be re-used within it, i.e. the whole pid space cycled):
 * only a pidfd ({@code pidfd_open}/{@code pidfd_send_signal}, not reachable from Java 17 without
 * native code) would close it.
 */
public final class LinuxProcessControl implements ProcessControl {
    /** {@code PF_KTHREAD} in {@code /proc/<pid>/stat}'s flags. */
    private static final long PF_KTHREAD = 0x00200000L;
    /** Processes whose loss takes the guest down: refused by ProcessKill without {@code force}. */
    private static final Set<String> PROTECTED = Set.of("systemd", "init");
    private final Path proc;

    public LinuxProcessControl() {
        this(Path.of("/proc"));
    }

    public LinuxProcessControl(Path proc) {
        this.proc = proc;
    }

    /** 0 (the idle task) and 1 (init): never a ProcessKill target. */
    @Override
    public boolean reservedPid(long pid) {
        return pid <= 1;
    }

    /** Kernel threads and init. */
    @Override
    public boolean isProtected(ProcessIdentity process) {
        return process.kernelThread() || PROTECTED.contains(process.name());
    }

    @Override
    public Optional<ProcessIdentity> identify(long pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        try {
            Path dir = proc.resolve(Long.toString(pid));
            String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
            long tgid = parseTgid(Files.readString(dir.resolve("status"), StandardCharsets.UTF_8));
            return parseStat(pid, stat, tgid);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code pid (comm) state ppid ...}; comm may contain spaces and parentheses. */
    static Optional<ProcessIdentity> parseStat(long pid, String stat) {
        return parseStat(pid, stat, pid);
    }

    static Optional<ProcessIdentity> parseStat(long pid, String stat, long tgid) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open || close + 2 > stat.length()) {
            return Optional.empty();
        }
        String name = stat.substring(open + 1, close);
        String[] rest = stat.substring(close + 2).strip().split(" ");
        if (rest.length < 2 || rest[0].equals("Z") || rest[0].equals("X")) {
            return Optional.empty(); // zombies and dead tasks cannot be signalled meaningfully
        }
        long ppid = Long.parseLong(rest[1]);
        long flags = rest.length > 6 ? Long.parseLong(rest[6]) : 0;
        long start = rest.length > 19 ? Long.parseLong(rest[19]) : 0; // field 22: starttime
        boolean kernel = pid == 2 || ppid == 2 || (flags & PF_KTHREAD) != 0;
        return Optional.of(new ProcessIdentity(pid, ppid, name, kernel, tgid, start));
    }

    /** The {@code Tgid:} line of {@code /proc/<id>/status}. */
    static long parseTgid(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("Tgid:")) {
                return Long.parseLong(line.substring("Tgid:".length()).strip());
            }
        }
        throw new IllegalArgumentException("no Tgid line");
    }

    @Override
    public boolean signal(long pid, boolean force, Duration wait) throws OsOperationException, InterruptedException {
        Optional<ProcessIdentity> id = identify(pid);
        if (id.isEmpty()) {
            return true;
        }
        return signal(id.get(), force, wait);
    }

    @Override
    public boolean signal(ProcessIdentity target, boolean force, Duration wait)
            throws OsOperationException, InterruptedException {
        long pid = target.pid();
        if (target.isThread()) {
            throw new OsOperationException("refused: " + pid + " is a thread of process " + target.tgid()
                    + ", not a process");
        }
        // the handle first: its start time is what destroy() compares before kill(2)
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty()) {
            return true;
        }
        Optional<ProcessIdentity> now = identify(pid);
        if (now.isEmpty()) {
            return true; // gone (or a zombie) since it was checked
        }
        if (now.get().isThread() || now.get().startTime() != target.startTime()) {
            throw new OsOperationException("refused: process " + pid + " exited and its id now names another "
                    + (now.get().isThread() ? "thread" : "process") + "; nothing was signalled");
        }
        boolean requested;
        try {
            requested = force ? h.get().destroyForcibly() : h.get().destroy();
        } catch (IllegalStateException | SecurityException e) {
            throw new OsOperationException("cannot signal " + pid + ": " + e.getMessage());
        }
        if (!requested && h.get().isAlive()) {
            throw new OsOperationException("cannot signal " + pid + ": permission denied or the process changed");
        }
        try {
            h.get().onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !h.get().isAlive() || identify(pid).isEmpty();
        } catch (ExecutionException e) {
            return !h.get().isAlive();
        }
    }
}

package org.infinibay.infiniservice.adapters.linux.actions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.ProcessControl;

/**
 * Signals through {@link ProcessHandle}: {@code destroy()} is SIGTERM and {@code destroyForcibly()}
 * SIGKILL on Linux, for any process the agent may signal. Identity comes from {@code /proc/<pid>/stat}.
 */
public final class LinuxProcessControl implements ProcessControl {
    private final Path proc;

    public LinuxProcessControl() {
        this(Path.of("/proc"));
    }

    public LinuxProcessControl(Path proc) {
        this.proc = proc;
    }

    @Override
    public Optional<ProcessIdentity> identify(long pid) {
        try {
            String stat = Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
            return parseStat(pid, stat);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code pid (comm) state ppid ...}; comm may contain spaces and parentheses. */
    static Optional<ProcessIdentity> parseStat(long pid, String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            return Optional.empty();
        }
        String name = stat.substring(open + 1, close);
        String[] rest = stat.substring(close + 2).split(" ");
        if (rest.length < 2 || rest[0].equals("Z") || rest[0].equals("X")) {
            return Optional.empty(); // zombies and dead tasks cannot be signalled meaningfully
        }
        long ppid = Long.parseLong(rest[1]);
        boolean kernel = pid == 2 || ppid == 2;
        return Optional.of(new ProcessIdentity(pid, ppid, name, kernel));
    }

    @Override
    public boolean signal(long pid, boolean force, Duration wait) throws OsOperationException, InterruptedException {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty()) {
            return true;
        }
        boolean requested;
        try {
            requested = force ? h.get().destroyForcibly() : h.get().destroy();
        } catch (IllegalStateException | SecurityException e) {
            throw new OsOperationException("cannot signal " + pid + ": " + e.getMessage());
        }
        if (!requested && h.get().isAlive()) {
            throw new OsOperationException("cannot signal " + pid + ": permission denied");
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

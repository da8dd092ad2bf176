package org.infinibay.infiniservice.adapters.linux.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.adapters.linux.self.ProcSelf;
import org.infinibay.infiniservice.application.port.out.LaunchedProcess;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * A child started by {@link LinuxProcessLauncher}. With a cgroup the tree is exactly the group's
 * members, whatever they did. Without one the child leads its own session and process group
 * (pgid = sid = pid), so the tree is "every process in that group or session" plus, for those that
 * moved elsewhere with {@code setpgid}, the {@link ProcessHandle} descendants still reachable.
 *
 * <p>A {@code run_as} run is both: {@code runuser} opens a PAM session, and where that stack holds
 * {@code pam_systemd} (RHEL/Fedora's {@code system-auth}) logind moves the process into a session
 * scope, out of the run's cgroup; its session and process group stay, so they are signalled too.
 */
final class LinuxLaunchedProcess implements LaunchedProcess {
    private static final System.Logger LOG = Logs.get(LinuxLaunchedProcess.class);
    private static final int KILL_SWEEPS = 20;

    private final Process process;
    private final long leader;
    private final String killProgram;
    private final Path proc;
    /** The run's cgroup; {@code null}: process group and session only. */
    private final Cgroups.Group group;
    /** With a cgroup: whether the process group and session are signalled and watched too (run_as). */
    private final boolean sessionToo;

    LinuxLaunchedProcess(Process process, String killProgram, Path proc, Cgroups.Group group, boolean sessionToo) {
        this.process = process;
        this.leader = process.pid();
        this.killProgram = killProgram;
        this.proc = proc;
        this.group = group;
        this.sessionToo = group == null || sessionToo;
    }

    @Override
    public long pid() {
        return leader;
    }

    @Override
    public InputStream stdout() {
        return process.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return process.getErrorStream();
    }

    @Override
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        return process.waitFor(timeout, unit);
    }

    /** Java reports a death by signal n as 128+n, which is §9.2's code. */
    @Override
    public int exitCode() {
        return process.exitValue();
    }

    @Override
    public void terminateTree() {
        if (group != null) {
            group.terminate();
            if (!sessionToo) {
                return;
            }
        }
        signalGroup("TERM");
        for (ProcessHandle h : tree()) {
            h.destroy();
        }
    }

    /**
     * SIGKILL to the group, then to every member found, repeated while new ones appear (a fork
     * loop can create members between the scan and the kill).
     */
    @Override
    public void killTree() {
        if (group != null) {
            group.kill();
            if (!sessionToo) {
                process.destroyForcibly();
                return;
            }
        }
        signalGroup("KILL");
        for (int i = 0; i < KILL_SWEEPS; i++) {
            List<ProcessHandle> members = tree();
            if (members.isEmpty()) {
                break;
            }
            members.forEach(ProcessHandle::destroyForcibly);
        }
        process.destroyForcibly();
    }

    @Override
    public boolean treeAlive() {
        if (group != null && (process.isAlive() || group.populated())) {
            return true;
        }
        return sessionToo && !tree().isEmpty();
    }

    /** Kills whatever is still in the group and removes it. */
    @Override
    public void release() {
        if (group != null) {
            group.remove();
        }
    }

    /** Live members: the leader, its group and session, and its descendants. */
    private List<ProcessHandle> tree() {
        List<ProcessHandle> out = new ArrayList<>();
        long self = ProcSelf.pid();
        for (long pid : ProcStat.membersOf(proc, leader)) {
            if (pid != self) {
                ProcessHandle.of(pid).ifPresent(out::add);
            }
        }
        if (process.isAlive() && out.stream().noneMatch(h -> h.pid() == leader)) {
            out.add(process.toHandle());
        }
        process.descendants().filter(ProcessHandle::isAlive)
                .filter(h -> out.stream().noneMatch(o -> o.pid() == h.pid()))
                .forEach(out::add);
        return out;
    }

    /** One atomic {@code kill(-pgid)} through procps {@code kill}; the sweeps cover its absence. */
    private void signalGroup(String signal) {
        if (killProgram == null) {
            return;
        }
        try {
            Process k = new ProcessBuilder(killProgram, "-s", signal, "--", "-" + leader)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            k.getOutputStream().close();
            if (!k.waitFor(2, TimeUnit.SECONDS)) {
                k.destroyForcibly();
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "kill -{0} -{1} failed: {2}", signal, leader, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // keep the interrupt; the per-pid sweep still runs
        }
    }
}

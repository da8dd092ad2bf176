package org.infinibay.infiniservice.adapters.linux.exec;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.infinibay.infiniservice.adapters.linux.self.ProcSelf;
import org.infinibay.infiniservice.application.port.out.LaunchSpec;
import org.infinibay.infiniservice.application.port.out.LaunchedProcess;
import org.infinibay.infiniservice.application.port.out.ProcessLauncher;
import org.infinibay.infiniservice.application.port.out.UserAccount;
import org.infinibay.infiniservice.application.port.out.UserDirectory;
import org.infinibay.infiniservice.domain.command.ParameterRule;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * Starts children so their whole tree can be stopped (CONTRACT §10.2, pitfall P9, issue #13 item 7).
 *
 * <p>Each run gets a cgroup of its own ({@link Cgroups}): the child is {@code /bin/sh -c 'echo 0 >
 * "$0" || exit 127; exec "$@"' <group>/cgroup.procs setsid ...}, so it joins the group before it
 * execs anything of the program's, and every descendant is a member whatever it does (double fork,
 * {@code setsid}, ignoring SIGTERM). Without a usable cgroup hierarchy the launcher falls back to the
 * process group and session alone (a descendant that makes its own session and leaves the JVM's
 * tree can then escape), says so in {@link #containment()}, and logs it once.
 *
 * <p>In both cases the program is prefixed with util-linux {@code setsid}, which (the JVM's child
 * never being a group leader) execs it as leader of a new session and process group whose id is the
 * child's pid. {@code run_as} goes through {@code runuser -u <user> --} with the user's HOME, USER
 * and LOGNAME (after the child joined its group: the user cannot leave it).
 */
public final class LinuxProcessLauncher implements ProcessLauncher {
    private static final System.Logger LOG = Logs.get(LinuxProcessLauncher.class);
    /** Joins the group named by $0 (the shell's own pid is written as "0"), then becomes the program. */
    static final String JOIN = "echo 0 >\"$0\" || exit 127; exec \"$@\"";
    private static final String SH = "/bin/sh";
    /** Between the two parts of a run_as run's record: its cgroup, then its leader. */
    private static final String SEPARATOR = " ; ";
    private static final List<String> SETSID = List.of("/usr/bin/setsid", "/bin/setsid");
    private static final List<String> KILL = List.of("/usr/bin/kill", "/bin/kill");
    private static final List<String> RUNUSER = List.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser");

    private final UserDirectory users;
    private final String setsid;
    private final String kill;
    private final String runuser;
    private final Path proc;
    private final Set<Cgroups.Kind> allowed;
    /** Detected on first use (not in the constructor: wiring and the CLI stay cheap). */
    private volatile Cgroups.Detection detection;
    private volatile boolean fallbackLogged;

    public LinuxProcessLauncher(UserDirectory users) {
        this(users, Path.of("/proc"), EnumSet.allOf(Cgroups.Kind.class));
    }

    /**
     * @param allowed the containment mechanisms to try (tests of each one); empty: process groups only
     * @throws IllegalStateException when util-linux {@code setsid} is missing: no tree kill without it
     */
    LinuxProcessLauncher(UserDirectory users, Path proc, Set<Cgroups.Kind> allowed) {
        this.users = users;
        this.setsid = first(SETSID);
        if (setsid == null) {
            throw new IllegalStateException(
                    "util-linux setsid not found (" + SETSID + "): cannot run programs in their own process group");
        }
        this.kill = first(KILL);
        this.runuser = first(RUNUSER);
        this.proc = proc;
        this.allowed = Set.copyOf(allowed);
    }

    private Cgroups.Detection detection() {
        Cgroups.Detection d = detection;
        if (d == null) {
            synchronized (this) {
                d = detection;
                if (d == null) {
                    d = allowed.isEmpty() ? new Cgroups.Detection(null, "cgroups not used (process groups only)")
                            : Cgroups.detect(proc, allowed);
                    detection = d;
                    if (d.cgroups() != null) {
                        LOG.log(System.Logger.Level.INFO, "programs are contained by {0}", d.cgroups().describe());
                    } else {
                        LOG.log(System.Logger.Level.WARNING, "no cgroup containment ({0}): programs run in their own"
                                + " process group and session only; a descendant that leaves both can escape the"
                                + " deadline", d.unavailable());
                    }
                }
            }
        }
        return d;
    }

    @Override
    public String containment() {
        Cgroups.Detection d = detection();
        return d.cgroups() != null ? d.cgroups().describe()
                : "process group and session only (DEGRADED: " + d.unavailable() + ")";
    }

    @Override
    public LaunchedProcess launch(LaunchSpec spec) throws IOException {
        if (spec.command().isEmpty()) {
            throw new IOException("empty command");
        }
        Map<String, String> env = new HashMap<>(spec.environment());
        List<String> argv = new ArrayList<>();
        Cgroups.Group group = group(spec);
        if (group != null) {
            argv.addAll(List.of(SH, "-c", JOIN, group.procs().toString()));
        }
        argv.add(setsid);
        String user = spec.runAsUser();
        boolean switchesUser = user != null && !user.isEmpty() && !user.equals("root") && !user.equalsIgnoreCase("system");
        if (switchesUser) {
            if (ParameterRule.ACCOUNT.violation(user).isPresent()) {
                release(group);
                throw new IOException("invalid run_as user name");
            }
            UserAccount account = users.find(user).orElse(null);
            if (account == null) {
                release(group);
                throw new IOException("run_as user " + user + " does not exist");
            }
            if (runuser == null) {
                release(group);
                throw new IOException("runuser not found: cannot run as " + user);
            }
            argv.addAll(List.of(runuser, "-u", account.name(), "--"));
            if (account.home() != null) {
                env.put("HOME", account.home());
            }
            env.put("USER", account.name());
            env.put("LOGNAME", account.name());
        }
        try {
            argv.add(resolve(spec.command().get(0), env.get("PATH")));
            argv.addAll(spec.command().subList(1, spec.command().size()));

            ProcessBuilder pb = new ProcessBuilder(argv);
            pb.environment().clear();
            pb.environment().putAll(env);
            if (spec.workingDirectory() != null) {
                File dir = new File(spec.workingDirectory());
                if (!dir.isDirectory()) {
                    throw new IOException("working directory " + spec.workingDirectory() + " does not exist");
                }
                pb.directory(dir);
            }
            if (group != null && spec.onContained() != null) {
                spec.onContained().accept(group.descriptor()); // recorded before anything of the program runs
            }
            Process p = pb.start();
            boolean sessionToo = group == null || switchesUser;
            if (sessionToo && spec.onContained() != null) {
                // the leader's pid and start time, known only now: the whole record for a run without a
                // cgroup, a second part for a run_as run (see LinuxLaunchedProcess: PAM may move it)
                Optional<ProcStat> s = ProcStat.of(proc, p.pid());
                if (s.isPresent()) {
                    spec.onContained().accept((group == null ? "" : group.descriptor() + SEPARATOR) + "pgid " + p.pid()
                            + " " + s.get().startTime());
                }
            }
            return new LinuxLaunchedProcess(p, kill, proc, group, switchesUser);
        } catch (IOException | RuntimeException e) {
            release(group);
            throw e;
        }
    }

    /** The run's cgroup, or {@code null} (no containment here, or this one could not be made). */
    private Cgroups.Group group(LaunchSpec spec) {
        Cgroups cg = detection().cgroups();
        if (cg == null) {
            return null;
        }
        try {
            return cg.create(spec.runId() == null ? "run-" + System.nanoTime() : spec.runId());
        } catch (IOException e) {
            if (!fallbackLogged) {
                fallbackLogged = true;
                LOG.log(System.Logger.Level.WARNING, "cannot create a cgroup under {0} ({1}); this program runs in its"
                        + " process group only", cg.base, e.toString());
            }
            return null;
        }
    }

    private static void release(Cgroups.Group group) {
        if (group != null) {
            group.remove();
        }
    }

    /**
     * Stops what an earlier agent process left: every member of a recorded cgroup (membership is the
     * identity: a recycled pid is never a member), or, for a run recorded without one, the members of
     * the leader's process group and session that started after it, unless the leader's pid now
     * belongs to another process.
     */
    @Override
    public boolean stopLeftover(String container) {
        int sep = container.indexOf(SEPARATOR);
        if (sep >= 0) { // both parts: a cgroup and the session of a run_as run
            boolean inGroup = stopLeftover(container.substring(0, sep));
            return stopLeftover(container.substring(sep + SEPARATOR.length())) | inGroup;
        }
        if (container.startsWith("pgid ")) {
            return stopLeftoverSession(container);
        }
        Cgroups cg = detection().cgroups();
        Cgroups.Group g = cg == null ? null : cg.recorded(container);
        if (g == null || !Files.isDirectory(g.dir)) {
            return false;
        }
        boolean alive = g.populated();
        g.remove(); // kills what is there, then removes the group
        return alive;
    }

    private boolean stopLeftoverSession(String container) {
        String[] f = container.split(" ");
        long leader;
        long start;
        try {
            leader = Long.parseLong(f[1]);
            start = Long.parseLong(f[2]);
        } catch (RuntimeException e) {
            return false;
        }
        Optional<ProcStat> now = ProcStat.of(proc, leader);
        if (now.isPresent() && now.get().startTime() != start) {
            LOG.log(System.Logger.Level.WARNING, "pid {0} was recycled since it was recorded; its session is left alone",
                    leader);
            return false;
        }
        boolean any = false;
        long self = ProcSelf.pid();
        for (ProcStat s : ProcStat.membersStats(proc, leader)) {
            if (s.pid() != self && s.startTime() >= start) {
                Optional<ProcessHandle> h = ProcessHandle.of(s.pid());
                any |= h.isPresent() && h.get().destroyForcibly();
            }
        }
        return any;
    }

    /**
     * Finds the program on the child's PATH now, so "not found" is a start failure (127 with a
     * reason) rather than setsid's own message.
     */
    static String resolve(String program, String path) throws IOException {
        try {
            if (program.indexOf('/') >= 0) {
                if (!Files.isExecutable(Path.of(program)) || Files.isDirectory(Path.of(program))) {
                    throw new IOException("program not found or not executable: " + program);
                }
                return program;
            }
            String search = path == null ? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" : path;
            for (String dir : search.split(":")) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, program);
                if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                    return candidate.toString();
                }
            }
        } catch (InvalidPathException e) {
            throw new IOException("invalid program name", e);
        }
        throw new IOException("program not found: " + program);
    }

    /** The first executable candidate, or {@code null}: a loop (runs when the agent is wired, issue #17). */
    private static String first(List<String> candidates) {
        for (String p : candidates) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return null;
    }
}

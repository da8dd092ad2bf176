package org.infinibay.infiniservice.adapters.linux.exec;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.infinibay.infiniservice.application.port.out.LaunchSpec;
import org.infinibay.infiniservice.application.port.out.LaunchedProcess;
import org.infinibay.infiniservice.application.port.out.ProcessLauncher;
import org.infinibay.infiniservice.application.port.out.UserAccount;
import org.infinibay.infiniservice.application.port.out.UserDirectory;
import org.infinibay.infiniservice.domain.command.ParameterRule;

/**
 * Starts children so their whole tree can be stopped (CONTRACT §10.2, pitfall P9): every child is
 * prefixed with util-linux {@code setsid}, which (the JVM's child never being a group leader)
 * execs the program as leader of a new session and process group whose id is the child's pid.
 * {@code run_as} goes through {@code runuser -u <user> --} with the user's HOME, USER and LOGNAME.
 */
public final class LinuxProcessLauncher implements ProcessLauncher {
    private static final List<String> SETSID = List.of("/usr/bin/setsid", "/bin/setsid");
    private static final List<String> KILL = List.of("/usr/bin/kill", "/bin/kill");
    private static final List<String> RUNUSER = List.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser");

    private final UserDirectory users;
    private final String setsid;
    private final String kill;
    private final String runuser;
    private final Path proc;

    public LinuxProcessLauncher(UserDirectory users) {
        this(users, Path.of("/proc"));
    }

    /** @throws IllegalStateException when util-linux {@code setsid} is missing: no tree kill without it */
    LinuxProcessLauncher(UserDirectory users, Path proc) {
        this.users = users;
        this.setsid = first(SETSID).orElseThrow(() -> new IllegalStateException(
                "util-linux setsid not found (" + SETSID + "): cannot run programs in their own process group"));
        this.kill = first(KILL).orElse(null);
        this.runuser = first(RUNUSER).orElse(null);
        this.proc = proc;
    }

    @Override
    public LaunchedProcess launch(LaunchSpec spec) throws IOException {
        if (spec.command().isEmpty()) {
            throw new IOException("empty command");
        }
        Map<String, String> env = new HashMap<>(spec.environment());
        List<String> argv = new ArrayList<>();
        argv.add(setsid);
        String user = spec.runAsUser();
        if (user != null && !user.isEmpty() && !user.equals("root") && !user.equalsIgnoreCase("system")) {
            if (ParameterRule.ACCOUNT.violation(user).isPresent()) {
                throw new IOException("invalid run_as user name");
            }
            UserAccount account = users.find(user)
                    .orElseThrow(() -> new IOException("run_as user " + user + " does not exist"));
            if (runuser == null) {
                throw new IOException("runuser not found: cannot run as " + user);
            }
            argv.addAll(List.of(runuser, "-u", account.name(), "--"));
            if (account.home() != null) {
                env.put("HOME", account.home());
            }
            env.put("USER", account.name());
            env.put("LOGNAME", account.name());
        }
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
        return new LinuxLaunchedProcess(pb.start(), kill, proc);
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

    private static Optional<String> first(List<String> candidates) {
        return candidates.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    }
}

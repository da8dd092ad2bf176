package org.infinibay.infiniservice.adapters.linux.actions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.port.out.os.GoldenImagePreparer;
import org.infinibay.infiniservice.application.port.out.os.GoldenImageStep;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.PackageManager;

/**
 * The Linux steps of PrepareGoldenImage (CONTRACT §8.5.12). File steps work under {@code root};
 * program steps (cloud-init, journalctl, package cache, userdel, fstrim) run only when
 * {@code runPrograms} is set, i.e. in production on the real root.
 */
public final class LinuxGoldenImagePreparer implements GoldenImagePreparer {
    /** The agent's replay cache document in its state directory (§4.5). */
    static final List<String> AGENT_STATE = List.of("replay-cache.txt");
    /** {@code nobody}: never a human account, whatever its uid. */
    private static final long NOBODY_UID = 65534;

    private final Commands commands;
    private final PackageManager packages;
    private final StateStore state;
    private final Path root;
    private final boolean runPrograms;
    private final Path procSelfStatus;

    public LinuxGoldenImagePreparer(Commands commands, PackageManager packages, StateStore state) {
        this(commands, packages, state, Path.of("/"), true, Path.of("/proc/self/status"));
    }

    public LinuxGoldenImagePreparer(Commands commands, PackageManager packages, StateStore state, Path root,
                                    boolean runPrograms, Path procSelfStatus) {
        this.commands = commands;
        this.packages = packages;
        this.state = state;
        this.root = root;
        this.runPrograms = runPrograms;
        this.procSelfStatus = procSelfStatus;
    }

    @Override
    public String refusal() {
        try {
            for (String line : Files.readAllLines(procSelfStatus, StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    String effective = line.substring(4).strip().split("\\s+")[1];
                    return effective.equals("0") ? null : "PrepareGoldenImage must run as root";
                }
            }
        } catch (IOException | RuntimeException e) {
            return "cannot determine the agent's privileges";
        }
        return "cannot determine the agent's privileges";
    }

    @Override
    public List<GoldenImageStep> prepare(String level, boolean sanitizeUserData, Deadline deadline)
            throws InterruptedException {
        List<GoldenImageStep> steps = new ArrayList<>();
        boolean standard = level.equals("standard") || level.equals("deep");
        steps.add(program("cloud_init_clean", deadline, "cloud-init", "clean", "--logs", "--seed"));
        steps.add(truncateLogs());
        steps.add(program("journal_vacuum", deadline, "journalctl", "--rotate", "--vacuum-time=1s"));
        steps.add(resetMachineId());
        steps.add(deleteMatching("ssh_host_keys", root.resolve("etc/ssh"), n -> n.startsWith("ssh_host_")));
        steps.add(shellHistories());
        steps.add(packageCache(deadline));
        steps.add(agentState());
        if (standard) {
            steps.add(deleteMatching("network_manager_connections",
                    root.resolve("etc/NetworkManager/system-connections"), n -> true));
            steps.add(deleteMatching("cloud_init_netplan", root.resolve("etc/netplan"),
                    n -> n.equals("50-cloud-init.yaml")));
            steps.add(dhcpLeases());
        }
        if (level.equals("deep")) {
            steps.add(program("fstrim", deadline, "fstrim", "-a"));
        }
        if (sanitizeUserData) {
            steps.add(removeUsers(deadline));
        }
        return steps;
    }

    private GoldenImageStep program(String step, Deadline deadline, String program, String... args)
            throws InterruptedException {
        if (!runPrograms) {
            return new GoldenImageStep(step, true, "skipped (test root)", false);
        }
        if (!commands.programs().has(program)) {
            return new GoldenImageStep(step, true, program + " not installed, nothing to do", false);
        }
        try {
            commands.require(deadline, program, args);
            return new GoldenImageStep(step, true, "done", false);
        } catch (OsOperationException e) {
            return new GoldenImageStep(step, false, e.getMessage(), false);
        }
    }

    private GoldenImageStep truncateLogs() {
        Path log = root.resolve("var/log");
        int[] n = new int[2];
        List<String> errors = new ArrayList<>();
        try (var walk = Files.walk(log)) {
            walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(p -> {
                String name = p.getFileName().toString();
                try {
                    if (name.endsWith(".gz") || name.endsWith(".xz") || name.matches(".*\\.\\d+$")
                            || name.endsWith(".old")) {
                        Files.delete(p);
                        n[1]++;
                    } else if (!p.startsWith(log.resolve("journal"))) {
                        Files.write(p, new byte[0]);
                        n[0]++;
                    }
                } catch (IOException e) {
                    errors.add(name);
                }
            });
        } catch (IOException e) {
            return new GoldenImageStep("truncate_logs", true, "no /var/log", false);
        }
        String msg = n[0] + " truncated, " + n[1] + " rotated files deleted"
                + (errors.isEmpty() ? "" : ", failed: " + errors.subList(0, Math.min(5, errors.size())));
        return new GoldenImageStep("truncate_logs", errors.isEmpty(), msg, false);
    }

    /** systemd regenerates an empty machine-id at first boot, so each clone gets its own (mandatory). */
    private GoldenImageStep resetMachineId() {
        try {
            Files.createDirectories(root.resolve("etc"));
            Path id = root.resolve("etc/machine-id");
            if (Files.isSymbolicLink(id)) {
                Files.delete(id);
            }
            Files.write(id, new byte[0]);
            Path dbus = root.resolve("var/lib/dbus/machine-id");
            if (Files.exists(dbus, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(dbus)) {
                Files.delete(dbus);
                Files.createSymbolicLink(dbus, Path.of("/etc/machine-id"));
            }
            return new GoldenImageStep("machine_id_reset", true, "/etc/machine-id emptied", true);
        } catch (IOException e) {
            return new GoldenImageStep("machine_id_reset", false, e.getMessage(), true);
        }
    }

    private GoldenImageStep deleteMatching(String step, Path dir, java.util.function.Predicate<String> match) {
        int n = 0;
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return new GoldenImageStep(step, true, "nothing to delete", false);
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (match.test(p.getFileName().toString()) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(p);
                    n++;
                }
            }
            return new GoldenImageStep(step, true, n + " files deleted", false);
        } catch (IOException e) {
            return new GoldenImageStep(step, false, e.getMessage(), false);
        }
    }

    private GoldenImageStep shellHistories() {
        Set<String> names = Set.of(".bash_history", ".zsh_history", ".python_history", ".lesshst", ".mysql_history",
                ".psql_history", ".viminfo", ".sh_history", ".ash_history");
        int n = 0;
        for (Path home : homes()) {
            for (String name : names) {
                Path p = home.resolve(name);
                try {
                    if (Files.deleteIfExists(p)) {
                        n++;
                    }
                } catch (IOException e) {
                    return new GoldenImageStep("shell_histories", false, e.getMessage(), false);
                }
            }
        }
        return new GoldenImageStep("shell_histories", true, n + " history files removed", false);
    }

    private GoldenImageStep packageCache(Deadline deadline) throws InterruptedException {
        if (!runPrograms) {
            return new GoldenImageStep("package_cache_clean", true, "skipped (test root)", false);
        }
        try {
            packages.cleanCache(deadline);
            return new GoldenImageStep("package_cache_clean", true, "done", false);
        } catch (OsOperationException e) {
            return new GoldenImageStep("package_cache_clean", false, e.getMessage(), false);
        }
    }

    private GoldenImageStep agentState() {
        try {
            for (String doc : AGENT_STATE) {
                state.delete(doc);
            }
            return new GoldenImageStep("agent_state", true, "replay cache removed", false);
        } catch (IOException e) {
            return new GoldenImageStep("agent_state", false, e.getMessage(), false);
        }
    }

    private GoldenImageStep dhcpLeases() {
        int n = 0;
        for (String dir : List.of("var/lib/dhcp", "var/lib/dhclient", "var/lib/NetworkManager", "var/lib/systemd/network")) {
            Path d = root.resolve(dir);
            if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
                for (Path p : ds) {
                    String name = p.getFileName().toString();
                    if ((name.contains(".lease") || name.endsWith(".leases")) && Files.isRegularFile(p,
                            LinkOption.NOFOLLOW_LINKS)) {
                        Files.delete(p);
                        n++;
                    }
                }
            } catch (IOException e) {
                return new GoldenImageStep("dhcp_leases", false, e.getMessage(), false);
            }
        }
        return new GoldenImageStep("dhcp_leases", true, n + " lease files removed", false);
    }

    private GoldenImageStep removeUsers(Deadline deadline) throws InterruptedException {
        Path passwd = root.resolve("etc/passwd");
        List<String> removed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        try {
            List<String> keep = new ArrayList<>();
            for (String line : Files.readAllLines(passwd, StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                long uid = -1;
                try {
                    uid = f.length >= 7 ? Long.parseLong(f[2]) : -1;
                } catch (NumberFormatException e) {
                    uid = -1;
                }
                if (uid >= 1000 && uid != NOBODY_UID && !f[0].equals("nobody")) { // the human accounts UserList lists
                    if (deleteUser(f[0], Path.of(f[5]), deadline)) {
                        removed.add(f[0]);
                        continue;
                    }
                    failed.add(f[0]);
                }
                keep.add(line);
            }
            if (!runPrograms) {
                Files.write(passwd, keep, StandardCharsets.UTF_8); // userdel edits passwd itself
            }
        } catch (IOException e) {
            return new GoldenImageStep("remove_user_accounts", false, e.getMessage(), false);
        }
        String msg = "removed " + removed + (failed.isEmpty() ? "" : ", failed " + failed);
        return new GoldenImageStep("remove_user_accounts", failed.isEmpty(), msg, false);
    }

    private boolean deleteUser(String name, Path home, Deadline deadline) throws InterruptedException {
        if (runPrograms) {
            try {
                commands.require(deadline, "userdel", "-r", "-f", name);
                return true;
            } catch (OsOperationException e) {
                return false;
            }
        }
        Path h = root.resolve(Path.of("/").relativize(home.isAbsolute() ? home : Path.of("/").resolve(home)));
        TreeCleaner.Totals t = new TreeCleaner.Totals();
        TreeCleaner.clean(h, 0, n -> false, Set.of(), t, true);
        try {
            if (Files.isSymbolicLink(h)) {
                Files.delete(h);
            }
            return !Files.exists(h, LinkOption.NOFOLLOW_LINKS) || deleteLinksAndDirs(h);
        } catch (IOException e) {
            return false;
        }
    }

    /** What the file cleaner leaves (symlinks, sockets) in a home being deleted. */
    private static boolean deleteLinksAndDirs(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(walk.toList());
            java.util.Collections.reverse(all);
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
        return !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
    }

    private List<Path> homes() {
        List<Path> homes = new ArrayList<>();
        homes.add(root.resolve("root"));
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root.resolve("home"))) {
            for (Path h : ds) {
                if (Files.isDirectory(h, LinkOption.NOFOLLOW_LINKS)) {
                    homes.add(h);
                }
            }
        } catch (IOException e) {
            // no /home
        }
        return homes;
    }
}

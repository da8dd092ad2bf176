package org.infinibay.infiniservice.adapters.linux.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.infinibay.infiniservice.adapters.linux.self.ProcSelf;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * Where the launcher puts each program: a cgroup of its own ({@code exec-<run-id>}), joined by the
 * child before it runs anything of the program's, so that every descendant stays a member however
 * it re-parents or whichever session it makes, and the whole group can be killed at once.
 *
 * <p>Chosen once, in this order (the first that works on this kernel and mount layout):
 * <ol>
 *   <li>cgroup v2 with {@code cgroup.kill} (Linux 5.14+): one atomic kill of every member;</li>
 *   <li>cgroup v2 with {@code cgroup.freeze} (5.2+): freeze, SIGKILL every member, thaw;</li>
 *   <li>the cgroup v1 {@code freezer} hierarchy: the same with {@code freezer.state};</li>
 *   <li>cgroup v2 without either: SIGKILL every member, repeated until none is left.</li>
 * </ol>
 * The v2 hierarchy is {@code /sys/fs/cgroup} (unified) or {@code /sys/fs/cgroup/unified} (hybrid);
 * the groups are made under the agent's own cgroup (the systemd unit's, {@code Delegate=yes}), or
 * under {@code infiniservice/} when the agent runs in a root cgroup. v1 groups go under
 * {@code <freezer>/<own freezer path>/infiniservice}. When none works (no cgroupfs, read-only in a
 * container, not root), {@link #detect} says why and the launcher falls back to process groups.
 */
final class Cgroups {
    private static final java.util.concurrent.atomic.AtomicLong PROBES = new java.util.concurrent.atomic.AtomicLong();
    private static final System.Logger LOG = Logs.get(Cgroups.class);
    static final String PREFIX = "exec-";

    enum Kind {
        V2_KILL("cgroup2, cgroup.kill"), V2_FREEZE("cgroup2, freeze then kill"), V1_FREEZER("cgroup v1 freezer"),
        V2_PLAIN("cgroup2, kill each member until empty");

        final String label;

        Kind(String label) {
            this.label = label;
        }

        boolean v2() {
            return this != V1_FREEZER;
        }
    }

    final Kind kind;
    /** The directory the groups are made in. */
    final Path base;
    /** The hierarchy's mount point (recorded groups must lie under it). */
    final Path mount;

    private Cgroups(Kind kind, Path base, Path mount) {
        this.kind = kind;
        this.base = base;
        this.mount = mount;
    }

    /** The detected containment, or why there is none. */
    record Detection(Cgroups cgroups, String unavailable) {
    }

    /** Reads this process's mounts and cgroups under {@code proc} and tries each mechanism in order. */
    static Detection detect(Path proc) {
        return detect(proc, EnumSet.allOf(Kind.class));
    }

    /** As {@link #detect(Path)}, trying only the {@code allowed} kinds (tests of each mechanism). */
    static Detection detect(Path proc, Set<Kind> allowed) {
        List<String> mountinfo;
        List<String> own;
        try {
            mountinfo = Files.readAllLines(proc.resolve("self/mountinfo"), StandardCharsets.UTF_8);
            own = Files.readAllLines(proc.resolve("self/cgroup"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new Detection(null, "cannot read " + proc + "/self/{mountinfo,cgroup}: " + e.getMessage());
        }
        Path v2Mount = null;
        String v2Root = null;
        Path v1Mount = null;
        String v1Root = null;
        for (String line : mountinfo) {
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] pre = line.substring(0, dash).split(" ");
            String[] post = line.substring(dash + 3).split(" ");
            if (pre.length < 5 || post.length < 3) {
                continue;
            }
            if (post[0].equals("cgroup2") && v2Mount == null) {
                v2Mount = Path.of(unescape(pre[4]));
                v2Root = unescape(pre[3]);
            } else if (post[0].equals("cgroup") && v1Mount == null && hasOption(post[2], "freezer")) {
                v1Mount = Path.of(unescape(pre[4]));
                v1Root = unescape(pre[3]);
            }
        }
        String v2Path = null;
        String v1Path = null;
        for (String line : own) {
            String[] f = line.split(":", 3);
            if (f.length != 3) {
                continue;
            }
            if (f[0].equals("0") && f[1].isEmpty()) {
                v2Path = f[2];
            } else if (hasOption(f[1], "freezer")) {
                v1Path = f[2];
            }
        }
        List<String> why = new ArrayList<>();
        Path v2Base = null;
        if (v2Mount == null || v2Path == null) {
            why.add("no cgroup2 hierarchy");
        } else {
            v2Base = usableBase(v2Mount, v2Root, v2Path, why, "cgroup2");
            if (v2Base != null) {
                if (allowed.contains(Kind.V2_KILL) && Files.exists(v2Base.resolve("cgroup.kill"))) {
                    return new Detection(new Cgroups(Kind.V2_KILL, v2Base, v2Mount), null);
                }
                if (allowed.contains(Kind.V2_FREEZE) && Files.exists(v2Base.resolve("cgroup.freeze"))) {
                    return new Detection(new Cgroups(Kind.V2_FREEZE, v2Base, v2Mount), null);
                }
            }
        }
        if (v1Mount == null || v1Path == null) {
            why.add("no cgroup v1 freezer hierarchy");
        } else if (allowed.contains(Kind.V1_FREEZER)) {
            Path v1Base = usableBase(v1Mount, v1Root, v1Path, why, "freezer");
            if (v1Base != null) {
                return new Detection(new Cgroups(Kind.V1_FREEZER, v1Base, v1Mount), null);
            }
        }
        if (v2Base != null && allowed.contains(Kind.V2_PLAIN)) {
            return new Detection(new Cgroups(Kind.V2_PLAIN, v2Base, v2Mount), null);
        }
        return new Detection(null, why.isEmpty() ? "no allowed mechanism" : String.join("; ", why));
    }

    /** The directory for the groups in one hierarchy, made and probed; {@code null} (with a reason) if unusable. */
    private static Path usableBase(Path mount, String mountRoot, String ownPath, List<String> why, String name) {
        String rel = ownPath;
        if (!mountRoot.equals("/") && rel.startsWith(mountRoot)) {
            rel = rel.substring(mountRoot.length());
        }
        Path own = mount;
        for (String part : rel.split("/")) {
            if (!part.isEmpty()) {
                own = own.resolve(part);
            }
        }
        Path base = own.equals(mount) ? mount.resolve("infiniservice") : own;
        // unique per detection, not only per process: two detections at once (tests run them side by
        // side) must not delete each other's probe
        Path probe = base.resolve(PREFIX + "probe-" + ProcSelf.pid() + "-" + PROBES.incrementAndGet());
        try {
            if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(base);
            }
            try {
                Files.createDirectory(probe);
            } catch (FileAlreadyExistsException e) {
                // left by an earlier process with this pid: reuse it for the probe
            }
            Files.delete(probe);
            return base;
        } catch (IOException | RuntimeException e) {
            why.add(name + " at " + base + " not usable: " + e.getMessage());
            return null;
        }
    }

    private static boolean hasOption(String options, String wanted) {
        for (String o : options.split(",")) {
            if (o.equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                try {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                    i += 3;
                    continue;
                } catch (NumberFormatException e) {
                    // not an escape
                }
            }
            b.append(c);
        }
        return b.toString();
    }

    String describe() {
        return kind.label + " under " + base;
    }

    /** A new, empty group for a run. */
    Group create(String runId) throws IOException {
        String name = PREFIX + safe(runId);
        for (int i = 1; ; i++) {
            Path dir = base.resolve(i == 1 ? name : name + "-" + i);
            try {
                Files.createDirectory(dir);
                return new Group(dir, kind);
            } catch (FileAlreadyExistsException e) {
                if (i >= 20) {
                    throw e;
                }
            }
        }
    }

    /** A group recorded by an earlier agent process: {@code cgroup2 <dir>} or {@code freezer <dir>}, checked. */
    Group recorded(String descriptor) {
        int sp = descriptor.indexOf(' ');
        if (sp < 0) {
            return null;
        }
        String type = descriptor.substring(0, sp);
        Path dir = Path.of(descriptor.substring(sp + 1)).normalize();
        boolean ours = dir.getFileName() != null && dir.getFileName().toString().startsWith(PREFIX)
                && dir.startsWith(mount) && !dir.equals(mount);
        if (!ours || !((type.equals("cgroup2") && kind.v2()) || (type.equals("freezer") && !kind.v2()))) {
            LOG.log(System.Logger.Level.WARNING, "ignoring a recorded container that is not one of ours: {0}",
                    descriptor);
            return null;
        }
        return new Group(dir, kind);
    }

    private static String safe(String runId) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < runId.length() && b.length() < 64; i++) {
            char c = runId.charAt(i);
            b.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ? c : '_');
        }
        return b.toString();
    }

    /** One run's cgroup. */
    static final class Group {
        private static final long FREEZE_WAIT_MS = 1000;
        private static final long EMPTY_WAIT_MS = 2000;
        private static final int SWEEPS = 50;

        final Path dir;
        private final Kind kind;

        Group(Path dir, Kind kind) {
            this.dir = dir;
            this.kind = kind;
        }

        /** {@code cgroup2 <dir>} or {@code freezer <dir>}: what the ledger records. */
        String descriptor() {
            return (kind.v2() ? "cgroup2 " : "freezer ") + dir;
        }

        Path procs() {
            return dir.resolve("cgroup.procs");
        }

        /** The live members (exited processes are not listed, even before they are reaped). */
        List<Long> members() {
            List<Long> out = new ArrayList<>();
            try {
                String s = Files.readString(procs(), StandardCharsets.US_ASCII);
                int start = 0;
                for (int nl = s.indexOf('\n'); nl >= 0; nl = s.indexOf('\n', start)) {
                    if (nl > start) {
                        out.add(Long.parseLong(s.substring(start, nl)));
                    }
                    start = nl + 1;
                }
            } catch (NoSuchFileException e) {
                // removed
            } catch (IOException | NumberFormatException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot read {0}: {1}", procs(), e.toString());
            }
            return out;
        }

        boolean populated() {
            return !members().isEmpty();
        }

        /** SIGTERM to every member (not atomic: one forked meanwhile is caught by the SIGKILL that follows). */
        void terminate() {
            long self = ProcSelf.pid();
            for (long pid : members()) {
                if (pid != self) {
                    Optional<ProcessHandle> h = ProcessHandle.of(pid);
                    if (h.isPresent()) {
                        h.get().destroy();
                    }
                }
            }
        }

        /** SIGKILL to every member, new ones included; waits (bounded) until the group is empty. */
        void kill() {
            switch (kind) {
                case V2_KILL:
                    write(dir.resolve("cgroup.kill"), "1");
                    break;
                case V2_FREEZE:
                    frozenKill(dir.resolve("cgroup.freeze"), "1", "0", dir.resolve("cgroup.events"), "frozen 1");
                    break;
                case V1_FREEZER:
                    frozenKill(dir.resolve("freezer.state"), "FROZEN", "THAWED", dir.resolve("freezer.state"),
                            "FROZEN");
                    break;
                default:
                    for (int i = 0; i < SWEEPS && killMembers(); i++) {
                        // a member forked while we killed: sweep again
                    }
                    break;
            }
            awaitEmpty(EMPTY_WAIT_MS);
        }

        /** Frozen members cannot fork or exit, so the list read while frozen is complete and stable. */
        private void frozenKill(Path control, String freeze, String thaw, Path state, String frozen) {
            for (int round = 0; round < 3 && populated(); round++) {
                write(control, freeze);
                long end = System.nanoTime() + FREEZE_WAIT_MS * 1_000_000;
                while (!read(state).contains(frozen) && System.nanoTime() - end < 0) {
                    pause(5);
                }
                killMembers();
                write(control, thaw); // SIGKILL is acted on once thawed
            }
        }

        private boolean killMembers() {
            boolean any = false;
            long self = ProcSelf.pid();
            for (long pid : members()) {
                if (pid != self) {
                    Optional<ProcessHandle> h = ProcessHandle.of(pid);
                    any |= h.isPresent() && h.get().destroyForcibly();
                }
            }
            return any;
        }

        /** Waits until the group has no member; false after {@code millis}. */
        boolean awaitEmpty(long millis) {
            long end = System.nanoTime() + millis * 1_000_000;
            while (populated()) {
                if (System.nanoTime() - end > 0) {
                    return false;
                }
                pause(10);
            }
            return true;
        }

        /** Removes the group (empty by then); a group that cannot be removed is left with a warning. */
        void remove() {
            if (populated()) {
                kill();
            }
            for (int i = 0; i < 20; i++) {
                try {
                    Files.deleteIfExists(dir);
                    return;
                } catch (IOException e) {
                    if (i == 19) {
                        LOG.log(System.Logger.Level.WARNING, "cgroup {0} not removed: {1}", dir, e.getMessage());
                    }
                    pause(10); // the last member is still being torn down
                }
            }
        }

        private static void write(Path file, String value) {
            try {
                Files.writeString(file, value, StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot write {0}: {1}", file, e.toString());
            }
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                return "";
            }
        }

        /** A short wait that an interrupt does not cut short (a kill must finish); the interrupt is kept. */
        private static void pause(long millis) {
            boolean interrupted = Thread.interrupted();
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package org.infinibay.infiniservice.adapters.linux.actions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.CommandOutput;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.PackageChange;
import org.infinibay.infiniservice.application.port.out.os.PackageInfo;
import org.infinibay.infiniservice.application.port.out.os.PendingUpdate;
import org.infinibay.infiniservice.application.port.out.os.UpdateHistoryEntry;

/**
 * Debian/Ubuntu: the dpkg database for the installed list, {@code apt-cache} for search and
 * {@code apt-get} for changes, always non-interactive ({@code DEBIAN_FRONTEND=noninteractive},
 * {@code -y}) and waiting up to 60 s for the dpkg lock (pitfall P20). A package name is acted on only
 * when it names exactly one package ({@link PackageNames}): {@code apt-cache policy} with patterns off
 * must show that very name, and {@code apt-get} gets it after {@code --} with patterns off.
 */
public final class AptPackageManager implements DetectablePackageManager {
    static final Map<String, String> ENV = Map.of("DEBIAN_FRONTEND", "noninteractive", "NEEDRESTART_MODE", "a",
            "APT_LISTCHANGES_FRONTEND", "none");
    static final List<String> APT_OPTS = List.of("-y", "-q", "-o", "DPkg::Lock::Timeout=60", "-o",
            "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold");
    /**
     * apt 2.x: names are package names or apt patterns, never regular expressions or globs (an older
     * apt ignores the option; the exact-name check in {@link #select} holds there too).
     */
    static final List<String> EXACT = List.of("-o", "APT::Cmd::Pattern-Only=1");
    static final int SEARCH_LIMIT = 500;
    private static final long METADATA_MAX_AGE_MS = 24 * 3_600_000L;

    private final Commands commands;
    private final Path dpkgStatus;
    private final Path historyDir;
    private final Path rebootFlag;
    private final Path listsDir;

    public AptPackageManager(Commands commands) {
        this(commands, Path.of("/var/lib/dpkg/status"), Path.of("/var/log/apt"), Path.of("/run/reboot-required"),
                Path.of("/var/lib/apt/lists"));
    }

    public AptPackageManager(Commands commands, Path dpkgStatus, Path historyDir, Path rebootFlag, Path listsDir) {
        this.commands = commands;
        this.dpkgStatus = dpkgStatus;
        this.historyDir = historyDir;
        this.rebootFlag = rebootFlag;
        this.listsDir = listsDir;
    }

    @Override
    public String name() {
        return "apt";
    }

    @Override
    public boolean detected() {
        return commands.programs().has("apt-get") && commands.programs().has("dpkg-query");
    }

    @Override
    public List<PackageInfo> installed(Deadline deadline) throws OsOperationException {
        try {
            return new ArrayList<>(parseDpkgStatus(Files.readString(dpkgStatus, StandardCharsets.UTF_8)).values());
        } catch (IOException e) {
            throw new OsOperationException("cannot read the dpkg database: " + e.getMessage());
        }
    }

    @Override
    public List<PackageInfo> search(String query, Deadline deadline) throws OsOperationException, InterruptedException {
        ExecResult r = commands.run(deadline, "apt-cache", "search", query);
        if (r.exitCode() != 0) {
            throw Commands.failed("apt-cache", r);
        }
        Map<String, PackageInfo> installed = new HashMap<>();
        try {
            installed = parseDpkgStatus(Files.readString(dpkgStatus, StandardCharsets.UTF_8));
        } catch (IOException e) {
            // search still works; installed flags are then unknown (false)
        }
        return parseSearch(r.stdout(), installed);
    }

    @Override
    public PackageChange install(String pkg, Deadline deadline) throws OsOperationException, InterruptedException {
        Selected s = select(pkg, deadline);
        if (s.candidate == null && s.installed == null) {
            throw new OsOperationException("package not installable: '" + pkg + "' has no installation candidate "
                    + "(a virtual package or not in the configured sources)");
        }
        return change(s.base, deadline, "install", "--", pkg);
    }

    @Override
    public PackageChange remove(String pkg, Deadline deadline) throws OsOperationException, InterruptedException {
        Selected s = select(pkg, deadline);
        if (s.installed == null) {
            return notInstalled(pkg, deadline);
        }
        return change(s.base, deadline, "remove", "--", pkg);
    }

    @Override
    public PackageChange update(String pkg, Deadline deadline) throws OsOperationException, InterruptedException {
        Selected s = select(pkg, deadline);
        if (s.installed == null) {
            return notInstalled(pkg, deadline);
        }
        return change(s.base, deadline, "install", "--only-upgrade", "--", pkg);
    }

    /** What an exact name selects: {@code apt-cache policy} with patterns off; its one block must be that name. */
    private Selected select(String pkg, Deadline deadline) throws OsOperationException, InterruptedException {
        String base = PackageNames.debian(pkg);
        List<String> argv = new ArrayList<>(EXACT);
        argv.addAll(List.of("policy", "--", pkg));
        ExecResult r = commands.run(deadline, ENV, null, "apt-cache", argv);
        if (r.exitCode() != 0) {
            throw Commands.failed("apt-cache", r);
        }
        return parsePolicy(pkg, base, r.stdout());
    }

    /** The exact package {@code apt-cache policy} showed, with its installed and candidate versions. */
    static final class Selected {
        final String base;
        final String installed;
        final String candidate;

        Selected(String base, String installed, String candidate) {
            this.base = base;
            this.installed = installed;
            this.candidate = candidate;
        }
    }

    /**
     * {@code name:} then indented {@code Installed:} / {@code Candidate:} lines per package. Exactly one
     * block, headed by the requested name (with or without its architecture), or the name is refused:
     * an older apt without {@code Pattern-Only} answers a regular expression with other packages' blocks.
     */
    static Selected parsePolicy(String pkg, String base, String out) throws OsOperationException {
        List<String> headers = new ArrayList<>();
        String installed = null;
        String candidate = null;
        for (String line : out.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0)) && line.endsWith(":")) {
                headers.add(line.substring(0, line.length() - 1));
            } else if (headers.size() == 1) {
                String l = line.strip();
                if (l.startsWith("Installed:")) {
                    installed = version(l.substring("Installed:".length()));
                } else if (l.startsWith("Candidate:")) {
                    candidate = version(l.substring("Candidate:".length()));
                }
            }
        }
        if (headers.size() != 1 || !(headers.get(0).equals(base) || headers.get(0).equals(pkg))) {
            throw PackageNames.notExact(pkg, String.join(", ", headers.subList(0, Math.min(5, headers.size())))
                    + (headers.size() > 5 ? ", ..." : ""));
        }
        return new Selected(base, installed, candidate);
    }

    private static String version(String v) {
        String t = v.strip();
        return t.isEmpty() || t.equals("(none)") ? null : t;
    }

    /** Removing or upgrading a package that is not installed changes nothing (as apt-get itself says). */
    private PackageChange notInstalled(String pkg, Deadline deadline) {
        return new PackageChange(false, rebootRequired(deadline), 0,
                new CommandOutput(0, "Package '" + pkg + "' is not installed, so nothing was changed.\n", ""));
    }

    @Override
    public PackageChange upgradeAll(Deadline deadline) throws OsOperationException, InterruptedException {
        CommandOutput refresh = apt(deadline, "update");
        CommandOutput up = apt(deadline, "full-upgrade");
        int changed = changedCount(up.stdout());
        return new PackageChange(changed > 0, rebootRequired(deadline), changed,
                new CommandOutput(0, refresh.stdout() + up.stdout(), refresh.stderr() + up.stderr()));
    }

    private PackageChange change(String pkg, Deadline deadline, String... args)
            throws OsOperationException, InterruptedException {
        String before = installedVersion(pkg);
        CommandOutput out = apt(deadline, args);
        String after = installedVersion(pkg);
        boolean changed = before == null ? after != null : !before.equals(after);
        return new PackageChange(changed, rebootRequired(deadline), Math.max(changedCount(out.stdout()), changed ? 1 : 0),
                out);
    }

    private CommandOutput apt(Deadline deadline, String... args) throws OsOperationException, InterruptedException {
        List<String> argv = new ArrayList<>(APT_OPTS);
        argv.addAll(EXACT);
        argv.addAll(List.of(args));
        return commands.require(deadline, ENV, "apt-get", argv);
    }

    private String installedVersion(String pkg) {
        try {
            PackageInfo p = parseDpkgStatus(Files.readString(dpkgStatus, StandardCharsets.UTF_8)).get(pkg);
            return p == null ? null : p.version();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public List<PendingUpdate> pendingUpdates(Deadline deadline) throws OsOperationException, InterruptedException {
        refreshIfStale(deadline);
        ExecResult r = commands.run(deadline, ENV, null, "apt-get", List.of("-s", "-q", "-o",
                "Debug::NoLocking=1", "full-upgrade"));
        if (r.exitCode() != 0) {
            throw Commands.failed("apt-get", r);
        }
        return parseSimulatedUpgrade(r.stdout());
    }

    /** Metadata older than 24 h is refreshed when time allows (§8.5.5); a failed refresh is not fatal. */
    private void refreshIfStale(Deadline deadline) throws InterruptedException {
        try {
            Path stamp = listsDir.resolve("partial");
            long age = System.currentTimeMillis() - Files.getLastModifiedTime(Files.exists(stamp) ? stamp : listsDir)
                    .toMillis();
            if (age > METADATA_MAX_AGE_MS && deadline.remainingNanos(System.nanoTime()) > 90_000_000_000L) {
                commands.run(deadline, ENV, null, "apt-get", List.of("-q", "-o", "DPkg::Lock::Timeout=60", "update"));
            }
        } catch (IOException | OsOperationException e) {
            // keep the existing metadata
        }
    }

    @Override
    public List<UpdateHistoryEntry> history(long sinceMillis, Deadline deadline) throws OsOperationException {
        List<UpdateHistoryEntry> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(historyDir, "history.log*")) {
            for (Path p : ds) {
                if (Files.getLastModifiedTime(p).toMillis() < sinceMillis) {
                    continue; // a rotated log last written before the window holds nothing newer
                }
                try (InputStream in = p.toString().endsWith(".gz")
                        ? new GZIPInputStream(Files.newInputStream(p)) : Files.newInputStream(p)) {
                    out.addAll(parseHistory(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)),
                            sinceMillis, ZoneId.systemDefault()));
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new OsOperationException("cannot read apt history: " + e.getMessage());
        }
        return out;
    }

    @Override
    public CommandOutput cleanCache(Deadline deadline) throws OsOperationException, InterruptedException {
        return apt(deadline, "clean");
    }

    @Override
    public boolean rebootRequired(Deadline deadline) {
        return Files.exists(rebootFlag);
    }

    @Override
    public Long lastInstallMillis() {
        try {
            Path h = historyDir.resolve("history.log");
            return Files.exists(h) && Files.size(h) > 0 ? Files.getLastModifiedTime(h).toMillis() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public boolean automaticUpdatesEnabled() {
        Path conf = Path.of("/etc/apt/apt.conf.d/20auto-upgrades");
        try {
            return Files.exists(conf) && Files.readString(conf).matches("(?s).*Unattended-Upgrade\\s+\"1\".*");
        } catch (IOException e) {
            return false;
        }
    }

    // ---- parsers (package-private for tests on recorded output) ----

    /** The dpkg status file: paragraphs of {@code Field: value}; only {@code install ok installed}. */
    static Map<String, PackageInfo> parseDpkgStatus(String text) {
        Map<String, PackageInfo> out = new LinkedHashMap<>();
        Map<String, String> f = new HashMap<>();
        String last = null;
        for (String line : (text + "\n\n").split("\n", -1)) {
            if (line.isEmpty()) {
                if (f.containsKey("Package") && f.getOrDefault("Status", "").endsWith(" installed")) {
                    String name = f.get("Package");
                    String desc = f.getOrDefault("Description", "");
                    out.putIfAbsent(name, new PackageInfo(name, f.getOrDefault("Version", ""), desc, true,
                            f.getOrDefault("Maintainer", ""), "apt", name));
                }
                f.clear();
                last = null;
            } else if (line.startsWith(" ") || line.startsWith("\t")) {
                continue; // continuation lines (long description, conffiles)
            } else {
                int c = line.indexOf(':');
                if (c > 0) {
                    last = line.substring(0, c);
                    f.put(last, line.substring(c + 1).strip());
                }
            }
        }
        return out;
    }

    /** {@code apt-cache search}: {@code name - summary} per line. */
    static List<PackageInfo> parseSearch(String out, Map<String, PackageInfo> installed) {
        List<PackageInfo> list = new ArrayList<>();
        for (String line : out.split("\n")) {
            int sep = line.indexOf(" - ");
            if (sep <= 0) {
                continue;
            }
            String name = line.substring(0, sep).strip();
            PackageInfo inst = installed.get(name);
            list.add(new PackageInfo(name, inst == null ? "" : inst.version(), line.substring(sep + 3).strip(),
                    inst != null, inst == null ? "" : inst.publisher(), "apt", name));
            if (list.size() >= SEARCH_LIMIT) {
                break;
            }
        }
        return list;
    }

    /**
     * {@code apt-get -s upgrade}: {@code Inst name [old] (new origin:version/suite[, ...] [arch])}.
     * Security updates are those whose suite/origin mentions "security".
     */
    static List<PendingUpdate> parseSimulatedUpgrade(String out) {
        List<PendingUpdate> list = new ArrayList<>();
        for (String line : out.split("\n")) {
            Matcher m = Parsing.INST.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            String origins = m.group(4);
            boolean security = origins.toLowerCase(Locale.ROOT).contains("security");
            String repo = origins.split(",")[0].strip();
            list.add(new PendingUpdate(m.group(1), m.group(2), m.group(3), repo, m.group(5), security, null));
        }
        return list;
    }

    /** {@code apt list --upgradable}: {@code name/suite[,suite] version arch [upgradable from: old]}. */
    static List<PendingUpdate> parseListUpgradable(String out) {
        List<PendingUpdate> list = new ArrayList<>();
        Pattern p = Pattern.compile("^(\\S+?)/(\\S+) (\\S+) (\\S+)(?: \\[upgradable from: ([^\\]]+)\\])?.*$");
        for (String line : out.split("\n")) {
            Matcher m = p.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            String suites = m.group(2);
            list.add(new PendingUpdate(m.group(1), m.group(5), m.group(3), suites.split(",")[0], m.group(4),
                    suites.toLowerCase(Locale.ROOT).contains("security"), null));
        }
        return list;
    }

    /** Number of packages an apt-get run changed, from its summary line. */
    static int changedCount(String out) {
        Matcher m = Parsing.SUMMARY.matcher(out);
        int n = 0;
        while (m.find()) {
            n = Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(3));
        }
        return n;
    }

    /** {@code /var/log/apt/history.log}: Start-Date / Install|Upgrade|Remove|Purge / End-Date blocks. */
    static List<UpdateHistoryEntry> parseHistory(BufferedReader in, long sinceMillis, ZoneId zone) throws IOException {
        List<UpdateHistoryEntry> out = new ArrayList<>();
        long start = -1;
        boolean failed = false;
        List<String[]> pending = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("Start-Date: ")) {
                start = time(line.substring(12), zone);
                pending.clear();
                failed = false;
            } else if (line.startsWith("Error: ")) {
                failed = true;
            } else if (line.startsWith("End-Date: ") || line.isEmpty()) {
                flush(out, pending, start, failed, sinceMillis);
            } else {
                int c = line.indexOf(": ");
                String action = c > 0 ? line.substring(0, c) : "";
                if (List.of("Install", "Upgrade", "Remove", "Purge", "Downgrade", "Reinstall").contains(action)) {
                    Matcher m = Parsing.HISTORY_ITEM.matcher(line.substring(c + 2));
                    while (m.find()) {
                        String pkg = m.group(1);
                        String[] versions = m.group(2).split(",");
                        String version = versions[versions.length - 1].strip();
                        if (version.equals("automatic") && versions.length > 1) {
                            version = versions[versions.length - 2].strip();
                        }
                        int colon = pkg.indexOf(':');
                        pending.add(new String[] {colon > 0 ? pkg.substring(0, colon) : pkg, version, action});
                    }
                }
            }
        }
        flush(out, pending, start, failed, sinceMillis);
        return out;
    }

    private static void flush(List<UpdateHistoryEntry> out, List<String[]> pending, long start, boolean failed,
                              long since) {
        if (start >= since && start > 0) {
            for (String[] p : pending) {
                out.add(new UpdateHistoryEntry(p[0] + " " + p[1], start, p[2], failed ? "Failed" : "Succeeded"));
            }
        }
        pending.clear();
    }

    private static long time(String s, ZoneId zone) {
        try {
            return LocalDateTime.parse(s.strip(), Parsing.HISTORY_TIME).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    /**
     * The parsers' patterns and the history's time format, compiled by the first parse that needs them:
     * the agent builds this manager with the safe-action set on the host's first command (usually
     * SystemInfo), which must not load the regex and java.time.format machineries for the agent's life.
     */
    private static final class Parsing {
        static final Pattern SUMMARY = Pattern.compile("(\\d+) upgraded, (\\d+) newly installed, (\\d+) to remove");
        static final Pattern INST = Pattern.compile(
                "^Inst (\\S+) (?:\\[([^\\]]*)\\] )?\\((\\S+) (.*?)(?: \\[([^\\]]+)\\])?\\)(?: \\[[^\\]]*\\])*\\s*$");
        static final DateTimeFormatter HISTORY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd  HH:mm:ss");
        static final Pattern HISTORY_ITEM = Pattern.compile("([^\\s,(]+) \\(([^)]*)\\)");

        private Parsing() {
        }
    }
}
